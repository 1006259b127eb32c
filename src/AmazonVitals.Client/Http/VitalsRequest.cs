using System;
using System.Net.Http;

namespace AmazonVitals.Client.Http;

/// <summary>
/// One logical request, described without HttpClient types so it can be sent again on retry:
/// each attempt makes a fresh <see cref="HttpRequestMessage"/> from it. A record, so a layer that
/// adds to it (the client adds the token and the rate gate) copies every field with <c>with</c>.
/// </summary>
internal sealed record VitalsRequest(HttpMethod Method, Uri Uri, string DisplayPath)
{
    /// <summary>Makes the body for one attempt; null for none.</summary>
    public Func<HttpContent>? Content { get; init; }
    /// <summary>The body as text for -Debug, or null where it must never be shown (the token request).</summary>
    public string? DebugBody { get; init; }
    /// <summary>API requests carry a bearer token and pass the rate gate; the token request does neither.</summary>
    public IAuthenticator? Authenticator { get; init; }
    public RateGate? RateGate { get; init; }
    /// <summary>Reads an error answer; null for the wire format's (the token endpoint speaks its own, see Auth/LwaErrors).</summary>
    public ErrorReader? ReadError { get; init; }
    /// <summary>A page of a query: a body that breaks off may be too large, so the message names -PageSize.</summary>
    public bool IsPage { get; init; }
}

/// <summary>Reads an error body into its code and message.</summary>
internal delegate Wire.WireError ErrorReader(in VitalsResponse response);

/// <summary>
/// What the pipeline gives a parser: the status, the whole body and the requestId. The pipeline
/// disposes <see cref="Body"/> after parsing; a parser that keeps the bytes takes them with
/// <see cref="ResponseBody.HandOn"/>.
/// </summary>
internal readonly struct VitalsResponse
{
    public VitalsResponse(int statusCode, ResponseBody body, string? requestId)
    {
        StatusCode = statusCode;
        Body = body;
        RequestId = requestId;
    }

    /// <summary>A body in an array of no query's buffers (tests).</summary>
    public VitalsResponse(int statusCode, byte[] body, int length, string? requestId)
        : this(statusCode, ResponseBody.Unowned(body, length), requestId)
    {
    }

    public int StatusCode { get; }
    public ResponseBody Body { get; }
    public int Length => Body.Length;
    public string? RequestId { get; }
    public ReadOnlySpan<byte> Span => Body.Span;
}
