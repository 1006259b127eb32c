using System;
using System.Net.Http;

namespace AmazonVitals.Client.Http;

/// <summary>
/// One logical request, described without HttpClient types so it can be sent again on retry:
/// each attempt makes a fresh <see cref="HttpRequestMessage"/> from it.
/// </summary>
internal sealed class VitalsRequest
{
    public VitalsRequest(HttpMethod method, Uri uri, string displayPath)
    {
        Method = method;
        Uri = uri;
        DisplayPath = displayPath;
    }

    public HttpMethod Method { get; }
    public Uri Uri { get; }
    /// <summary>The path shown in verbose output (no query string, nothing secret).</summary>
    public string DisplayPath { get; }
    /// <summary>Makes the body for one attempt; null for none.</summary>
    public Func<HttpContent>? Content { get; init; }
    /// <summary>The body as text for -Debug, or null where it must never be shown (the token request).</summary>
    public string? DebugBody { get; init; }
    /// <summary>API requests carry a bearer token and pass the rate gate; the token request does neither.</summary>
    public IAuthenticator? Authenticator { get; init; }
    public RateGate? RateGate { get; init; }
}

/// <summary>What the pipeline gives a parser: the status, the whole body and the requestId.</summary>
internal readonly struct VitalsResponse
{
    public VitalsResponse(int statusCode, byte[] body, int length, string? requestId)
    {
        StatusCode = statusCode;
        Body = body;
        Length = length;
        RequestId = requestId;
    }

    public int StatusCode { get; }
    public byte[] Body { get; }
    public int Length { get; }
    public string? RequestId { get; }
    public ReadOnlySpan<byte> Span => Body.AsSpan(0, Length);
}
