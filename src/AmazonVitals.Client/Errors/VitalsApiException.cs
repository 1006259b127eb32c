using System;
using System.Net;

namespace AmazonVitals.Client.Errors;

/// <summary>The Vitals API answered with an error: <c>{code, message, status}</c>.</summary>
public sealed class VitalsApiException : VitalsException
{
    public VitalsApiException(int statusCode, string errorCode, string serverMessage, string? requestId, TimeSpan? retryAfter = null, int attempts = 1, string? hint = null)
        : base(Messages.ApiError(statusCode, errorCode, serverMessage, requestId, attempts, hint), KindOf(statusCode), errorCode, requestId)
    {
        Hint = hint;
        StatusCode = (HttpStatusCode)statusCode;
        ErrorCode = errorCode;
        ServerMessage = serverMessage;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }
    /// <summary>The API's code: INVALID_ARGUMENT, UNAUTHORIZED, NOT_FOUND, RATE_LIMITED, INTERNAL...</summary>
    public string ErrorCode { get; }
    /// <summary>The API's own message.</summary>
    public string ServerMessage { get; }
    /// <summary>The server's Retry-After, as sent (before any cap).</summary>
    public TimeSpan? RetryAfter { get; }
    /// <summary>What the client adds to the server's message: the likely fix (a -BaseUri without /api/appstore), or null.</summary>
    public string? Hint { get; }

    /// <summary>The same answer, said to be the last of <paramref name="attempts"/>: the retries ran out on it.</summary>
    internal VitalsApiException AfterAttempts(int attempts) =>
        new((int)StatusCode, ErrorCode, ServerMessage, RequestId, RetryAfter, attempts, Hint);

    /// <summary>Statuses worth another attempt: the rate limit and the server's transient failures.</summary>
    public bool IsTransient => Http.RetryRules.IsTransientStatus((int)StatusCode);

    // Octokit-style: one map from status to meaning, used by everything above.
    private static VitalsErrorKind KindOf(int status) => status switch
    {
        400 => VitalsErrorKind.InvalidArgument,
        401 or 403 => VitalsErrorKind.Authentication,
        404 => VitalsErrorKind.NotFound,
        429 => VitalsErrorKind.LimitsExceeded,
        _ => status >= 500 ? VitalsErrorKind.Unavailable : VitalsErrorKind.InvalidArgument,
    };
}
