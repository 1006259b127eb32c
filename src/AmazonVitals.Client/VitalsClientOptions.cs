using System;
using System.Security;
using AmazonVitals.Client.Errors;

namespace AmazonVitals.Client;

/// <summary>The versions of the Vitals API the client can speak. V2 becomes Wire/V2 and one more case in WireFormats.</summary>
public enum VitalsApiVersion
{
    V1 = 1,
}

/// <summary>How to reach the API and how patient to be. Checked by <see cref="Validate"/> before any request.</summary>
/// <remarks>
/// Public types of the client use plain setters, not init: an init setter's signature names
/// IsExternalInit, which is a different type in the netstandard2.0 and net8.0 builds, so the
/// cmdlet assembly (compiled against one) could not call it in the other.
/// </remarks>
public sealed class VitalsClientOptions
{
    public static readonly Uri DefaultBaseUri = new("https://developer.amazon.com/api/appstore");
    public static readonly Uri DefaultTokenUri = new("https://api.amazon.com/auth/o2/token");
    public const string Scope = "adx_reporting::appstore:marketer";

    public VitalsClientOptions(string clientId, SecureString clientSecret)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public string ClientId { get; }
    /// <summary>Held as a SecureString until the token request; the plain copy lives only while that request's body is built.</summary>
    public SecureString ClientSecret { get; }
    public Uri BaseUri { get; set; } = DefaultBaseUri;
    public Uri TokenUri { get; set; } = DefaultTokenUri;
    /// <summary>Requests per rolling second, shared process-wide by every session of this client id.</summary>
    public int RequestsPerSecond { get; set; } = 3;
    /// <summary>Retries after the first attempt, for 429, 5xx, dropped connections, timeouts and broken bodies.</summary>
    public int MaxRetryCount { get; set; } = 3;
    /// <summary>The first backoff; each retry doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>The longest a server's Retry-After may make us wait.</summary>
    public TimeSpan RetryAfterCap { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>One attempt, long enough to download and parse a 100,000-row page on a slow link.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);
    /// <summary>One call (one page or one freshness), retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>The wire format: paths, bodies, dates and values. Only V1 exists today.</summary>
    public VitalsApiVersion ApiVersion { get; set; } = VitalsApiVersion.V1;

    /// <summary>Throws <see cref="VitalsValidationException"/> for anything that would fail or leak later.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
            throw new VitalsValidationException("EmptyClientId", "-ClientId", ClientId, Messages.EmptyClientId());
        if (ClientSecret.Length == 0)
            throw new VitalsValidationException("EmptyClientSecret", "-ClientSecret", null, Messages.EmptySecret());
        CheckUri(BaseUri, "-BaseUri");
        CheckUri(TokenUri, "-TokenUri");
    }

    /// <summary>Absolute http(s), and https for every host but loopback: tokens and secrets never cross a network in clear text.</summary>
    public static void CheckUri(Uri uri, string parameter)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new VitalsValidationException("InvalidUri", parameter, uri.OriginalString, Messages.BadUri(parameter, uri.OriginalString));
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            throw new VitalsValidationException("InsecureUri", parameter, uri.OriginalString, Messages.InsecureUri(parameter, uri.OriginalString));
    }
}
