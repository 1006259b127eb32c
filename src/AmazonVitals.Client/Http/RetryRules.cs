using System;
using System.IO;
using System.Net.Http;
using AmazonVitals.Client.Errors;
using Polly.Timeout;

namespace AmazonVitals.Client.Http;

/// <summary>
/// Every retry decision, in one place, so a new rule has one home and one table test
/// (RetryRulesTests). The pipeline asks these rules; nothing else decides whether to send again.
/// <list type="bullet">
/// <item>Retried with backoff: 429, 500, 502, 503, 504; dropped connections and I/O errors; an
/// attempt that timed out; a body that is not JSON or was cut short.</item>
/// <item>Never retried: 400, 404 and any other status; a body that is valid JSON but holds a
/// value no row can take (the same answer would come back); the checks before sending.</item>
/// <item>403 with a token: one fresh token and one more send, inside the same attempt.</item>
/// <item>The token endpoint retries on its own path; whatever it finally fails with is not
/// retried again by the API request that needed the token (that would multiply the attempts).</item>
/// </list>
/// </summary>
internal static class RetryRules
{
    /// <summary>How many times one attempt may fetch a fresh token after a 403 before giving up.</summary>
    public const int TokenRefreshesPerAttempt = 1;

    /// <summary>The statuses worth another attempt: the rate limit and the server's transient failures.</summary>
    public static bool IsTransientStatus(int status) => status is 429 or 500 or 502 or 503 or 504;

    /// <summary>What the retry strategy handles.</summary>
    public static bool ShouldRetry(Exception? e) => e switch
    {
        VitalsApiException api => IsTransientStatus((int)api.StatusCode),
        MalformedResponseException malformed => malformed.IsTransient,
        // Already final: the token endpoint's own outcome, validation, authentication, disconnects.
        VitalsException => false,
        HttpRequestException or IOException or TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>A 403 to a request that carried a token: refresh it and send once more, at most this often.</summary>
    public static bool ShouldRefreshToken(int status, bool carriedToken, int refreshesSoFar) =>
        status == 403 && carriedToken && refreshesSoFar < TokenRefreshesPerAttempt;

    /// <summary>
    /// What the token endpoint's final failure becomes for the API request that needed the token:
    /// refused credentials are an authentication error; anything else is TokenEndpointUnavailable,
    /// which is final (see <see cref="ShouldRetry"/>).
    /// </summary>
    public static VitalsException TokenFailure(Exception e, Uri tokenUri) => e switch
    {
        VitalsApiException api when (int)api.StatusCode is 400 or 401 or 403 =>
            new VitalsException(Messages.TokenRejected((int)api.StatusCode, api.ErrorCode, api.ServerMessage),
                VitalsErrorKind.Authentication, "InvalidCredentials", api.RequestId),
        VitalsException v when v.Kind is VitalsErrorKind.Authentication or VitalsErrorKind.NotConnected or VitalsErrorKind.Connection => v,
        // Said as the token endpoint's answer: ApiError's wording ("The Vitals API answered") would blame the API.
        VitalsApiException api => new VitalsException(Messages.TokenEndpointUnavailable(tokenUri, Messages.TokenEndpointAnswered((int)api.StatusCode, api.ErrorCode, api.ServerMessage, api.RequestId)),
            VitalsErrorKind.Unavailable, "TokenEndpointUnavailable", api.RequestId, api),
        VitalsException v => new VitalsException(Messages.TokenEndpointUnavailable(tokenUri, v.Message),
            VitalsErrorKind.Unavailable, "TokenEndpointUnavailable", v.RequestId, v),
        _ => new VitalsException(Messages.TokenEndpointUnavailable(tokenUri, e.Message),
            VitalsErrorKind.Unavailable, "TokenEndpointUnavailable", null, e),
    };
}
