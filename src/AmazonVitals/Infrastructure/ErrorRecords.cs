using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// Every ErrorRecord the module writes is built here: a stable id (the API's code for server
/// errors, so FullyQualifiedErrorId starts with INVALID_ARGUMENT, NOT_FOUND...), a precise
/// category, an exception whose type fits that category, and the value at fault as target.
/// </summary>
internal static class ErrorRecords
{
    /// <summary>A client exception, mapped by its kind.</summary>
    public static ErrorRecord From(Exception exception, object? target) => exception switch
    {
        VitalsValidationException v => new ErrorRecord(v, v.ErrorId, ErrorCategory.InvalidArgument, v.Value ?? target),
        VitalsApiException api => new ErrorRecord(api, api.ErrorCode, CategoryOf(api.Kind), target),
        VitalsException e => new ErrorRecord(e, e.ErrorId, CategoryOf(e.Kind), target),
        _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
    };

    /// <summary>
    /// A failure the cmdlet layer finds itself. The exception type follows the category, as
    /// PowerShell's web cmdlets do: a parameter error is a validation exception.
    /// </summary>
    public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message) =>
        new(ExceptionFor(category, message), errorId, category, target);

    /// <summary>-Session $null: refused by every cmdlet that takes a session, never read as the default one.</summary>
    public static ErrorRecord SessionIsNull() =>
        Create("SessionIsNull", ErrorCategory.InvalidArgument, null, Messages.SessionIsNull());

    /// <summary>Get-VitalsHealth -FailOnRegression: the unhealthy packages' objects are the target.</summary>
    public static ErrorRecord HealthCheckFailed(IReadOnlyList<(string Package, IReadOnlyList<string> Reasons)> failures, object[] unhealthy) =>
        new(new InvalidOperationException(Messages.HealthCheckFailed(failures)), "HealthCheckFailed", ErrorCategory.InvalidResult, unhealthy);

    public static ErrorRecord HealthGateFailed(IReadOnlyList<(string Package, IReadOnlyList<string> Reasons)> failures, object[] failed) =>
        new(new InvalidOperationException(Messages.HealthGateFailed(failures)), "HealthGateFailed", ErrorCategory.InvalidResult, failed);

    private static Exception ExceptionFor(ErrorCategory category, string message) => category switch
    {
        ErrorCategory.InvalidArgument or ErrorCategory.InvalidData => new ValidationMetadataException(message),
        ErrorCategory.ResourceExists or ErrorCategory.WriteError or ErrorCategory.ObjectNotFound => new IOException(message),
        ErrorCategory.PermissionDenied => new UnauthorizedAccessException(message),
        _ => new InvalidOperationException(message),
    };

    /// <summary>A file operation that failed: the message says what to do, the file system's own exception stays inside it.</summary>
    public static ErrorRecord FileFailure(string errorId, ErrorCategory category, object? target, string message, Exception inner) =>
        new(new IOException(message, inner), errorId, category, target);

    private static ErrorCategory CategoryOf(VitalsErrorKind kind) => kind switch
    {
        VitalsErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        VitalsErrorKind.Authentication => ErrorCategory.AuthenticationError,
        VitalsErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        VitalsErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        VitalsErrorKind.Timeout => ErrorCategory.OperationTimeout,
        VitalsErrorKind.Connection or VitalsErrorKind.NotConnected => ErrorCategory.ConnectionError,
        VitalsErrorKind.MalformedResponse => ErrorCategory.InvalidData,
        // A bug of ours: the operation was not valid for the module's own state, whatever the input or the data.
        VitalsErrorKind.Internal => ErrorCategory.InvalidOperation,
        VitalsErrorKind.Busy => ErrorCategory.ResourceBusy,
        VitalsErrorKind.StorageFailed => ErrorCategory.WriteError,
        VitalsErrorKind.StorageDenied => ErrorCategory.PermissionDenied,
        VitalsErrorKind.StoreDamaged => ErrorCategory.InvalidData,
        VitalsErrorKind.NotSupported => ErrorCategory.NotImplemented,
        _ => ErrorCategory.ResourceUnavailable,
    };
}
