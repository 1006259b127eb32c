using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace AmazonVitals.Emulator.Http;

/// <summary>
/// A complete answer held in memory before it is sent. Handlers build these instead of writing to the
/// socket, so faults such as <c>truncate</c> can cut any answer, and cached pages are sent as they are.
/// </summary>
public sealed class EmulatorResponse
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Messages quote names ('bogus', <token>); the HTML-safe default would turn those into \u0027 escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public EmulatorResponse(int status, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> tail)
    {
        Status = status;
        Head = head;
        Tail = tail;
    }

    public int Status { get; }

    /// <summary>First part of the body (for a cached page: the envelope with this request's id).</summary>
    public ReadOnlyMemory<byte> Head { get; }

    /// <summary>Second part of the body (for a cached page: the shared cached bytes).</summary>
    public ReadOnlyMemory<byte> Tail { get; }

    public long Length => Head.Length + Tail.Length;

    public string ContentType { get; init; } = "application/json";

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Rows in a 200 query answer, for the log.</summary>
    public int? ResultCount { get; init; }

    public static EmulatorResponse Json(int status, Action<Utf8JsonWriter> write, IReadOnlyDictionary<string, string>? headers = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return new EmulatorResponse(status, buffer.WrittenMemory, ReadOnlyMemory<byte>.Empty) { Headers = headers };
    }

    /// <summary>
    /// The Vitals error shape: <c>{"code","message","status"}</c>, then <c>"requestId"</c> when one is
    /// given (the inferred profile; the reference's error shape has none).
    /// </summary>
    public static EmulatorResponse Error(int status, string code, string message, string? requestId = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(status, w =>
        {
            w.WriteStartObject();
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteNumber("status", status);
            if (requestId != null)
            {
                w.WriteString("requestId", requestId);
            }

            w.WriteEndObject();
        }, headers);

    public static EmulatorResponse Error(ApiException e, string? requestId = null) => Error(e.Status, e.Code, e.Message, requestId);

    /// <summary>The Login with Amazon error shape: <c>{"error","error_description"}</c>.</summary>
    public static EmulatorResponse LwaError(int status, string error, string description, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("error_description", description);
            w.WriteEndObject();
        }, headers);

    public byte[] ToArray()
    {
        var all = new byte[Length];
        Head.CopyTo(all);
        Tail.CopyTo(all.AsMemory(Head.Length));
        return all;
    }
}
