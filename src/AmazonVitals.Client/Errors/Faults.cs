using System;
using System.Text.Json;
using AmazonVitals.Client.Wire;

namespace AmazonVitals.Client.Errors;

/// <summary>
/// Whose fault an exception from reading an answer is: the one place that tells the server's data
/// from a bug of ours. Only the wire format's own exceptions are the server's: the reader's
/// <see cref="JsonException"/> (not JSON, or cut short: a glitch, retried) and
/// <see cref="WireValueException"/> (valid JSON holding what no row can take: not retried).
/// Anything else thrown while parsing or shaping (a NullReferenceException, an
/// InvalidOperationException, an index out of range) is our bug, and says so: kind
/// <see cref="VitalsErrorKind.Internal"/>, never retried, the original kept as InnerException.
/// </summary>
public static class Faults
{
    /// <summary>The stable id of an internal error, the start of its FullyQualifiedErrorId.</summary>
    public const string InternalErrorId = "AmazonVitalsInternalError";

    /// <summary>
    /// What an exception thrown while reading the answer <paramref name="requestId"/> becomes: a
    /// client exception as it is, the server's bad data as <see cref="MalformedResponseException"/>,
    /// anything else as an internal error.
    /// </summary>
    public static VitalsException Classify(Exception e, string? requestId) => e switch
    {
        VitalsException vitals => vitals,
        // Valid JSON with a value no row can take: the server would send it again.
        WireValueException value => new MalformedResponseException(Messages.BadValue(value.Message, requestId), requestId, isTransient: false, value),
        // Only the reader throws a plain JsonException: the body is not JSON, or was cut short.
        JsonException json => new MalformedResponseException(Messages.BadResponse(json.Message, requestId), requestId, isTransient: true, json),
        _ => Internal(e, requestId),
    };

    /// <summary>A bug of ours, said as one, with the original exception inside.</summary>
    public static VitalsException Internal(Exception bug, string? requestId) =>
        new(Messages.InternalError(bug.GetType().Name + ": " + bug.Message, requestId), VitalsErrorKind.Internal, InternalErrorId, requestId, bug);
}
