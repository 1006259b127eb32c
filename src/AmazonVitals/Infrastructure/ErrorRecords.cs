using System;
using System.IO;
using System.Management.Automation;
using AmazonVitals.Client.Errors;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The one map from the client's exceptions to ErrorRecords: a stable id (the API's code for
/// server errors, so FullyQualifiedErrorId starts with INVALID_ARGUMENT, NOT_FOUND...), a precise
/// category, and the value at fault as target. Only this layer knows about ErrorRecords.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception, object? target) => exception switch
    {
        VitalsValidationException v => new ErrorRecord(v, v.ErrorId, ErrorCategory.InvalidArgument, v.Value ?? target),
        VitalsApiException api => new ErrorRecord(api, api.ErrorCode, CategoryOf(api.Kind), target),
        VitalsException e when e.ErrorId == "ConnectionFailed" => new ErrorRecord(e, e.ErrorId, ErrorCategory.ConnectionError, target),
        VitalsException e => new ErrorRecord(e, e.ErrorId, CategoryOf(e.Kind), target),
        _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
    };

    public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message) =>
        new(new ArgumentException(message), errorId, category, target);

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
        _ => ErrorCategory.ResourceUnavailable,
    };
}
