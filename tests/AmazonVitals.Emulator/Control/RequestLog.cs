using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace AmazonVitals.Emulator.Control;

/// <summary>
/// One received request. Holds no header, no token and nothing of the token form but the client id;
/// query bodies are kept because they carry no secret and tests assert on them.
/// </summary>
public sealed record LogEntry
{
    public long Seq { get; init; }

    public DateTimeOffset Time { get; init; }

    public RouteKind Route { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public int Status { get; set; }

    public string? Package { get; init; }

    public string? MetricSet { get; init; }

    public string? PageToken { get; set; }

    /// <summary>The query body as sent (raw JSON), query route only.</summary>
    public string? Body { get; init; }

    public string? ClientId { get; set; }

    public required string RequestId { get; init; }

    public string? Fault { get; set; }

    public int? ResultCount { get; set; }

    public double DurationMs { get; set; }
}

/// <summary>Every request, oldest first, bounded so a long benchmark cannot grow it without limit.</summary>
public sealed class RequestLog
{
    private const int MaxEntries = 100_000;

    private readonly object _gate = new();
    private readonly SortedList<long, LogEntry> _entries = [];
    private long _seq;
    private int _generation;

    /// <summary>Sequence numbers are taken on arrival, so the log is in arrival order even if answers finish out of order.</summary>
    public long NextSeq() => Interlocked.Increment(ref _seq);

    /// <summary>Changes on every clear; a request that started before a clear is not logged after it.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public void Add(LogEntry entry, int generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            _entries[entry.Seq] = entry;
            while (_entries.Count > MaxEntries)
            {
                _entries.RemoveAt(0);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _seq, 0);
            Interlocked.Increment(ref _generation);
        }
    }

    public IReadOnlyList<LogEntry> Snapshot(bool includeControl)
    {
        lock (_gate)
        {
            var list = new List<LogEntry>(_entries.Count);
            foreach (var entry in _entries.Values)
            {
                if (includeControl || entry.Route != RouteKind.Control)
                {
                    list.Add(entry);
                }
            }

            return list;
        }
    }

    public static void Write(Utf8JsonWriter w, IReadOnlyList<LogEntry> entries)
    {
        w.WriteStartArray();
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteNumber("seq", e.Seq);
            w.WriteString("time", e.Time);
            w.WriteString("route", RouteName(e.Route));
            w.WriteString("method", e.Method);
            w.WriteString("path", e.Path);
            w.WriteNumber("status", e.Status);
            WriteOptional(w, "package", e.Package);
            WriteOptional(w, "metricSet", e.MetricSet);
            WriteOptional(w, "pageToken", e.PageToken);
            w.WritePropertyName("body");
            if (e.Body == null)
            {
                w.WriteNullValue();
            }
            else
            {
                WriteBody(w, e.Body);
            }

            WriteOptional(w, "clientId", e.ClientId);
            w.WriteString("requestId", e.RequestId);
            WriteOptional(w, "fault", e.Fault);
            if (e.ResultCount is { } count)
            {
                w.WriteNumber("resultCount", count);
            }
            else
            {
                w.WriteNull("resultCount");
            }

            w.WriteNumber("durationMs", Math.Round(e.DurationMs, 2));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static string RouteName(RouteKind route) => route switch
    {
        RouteKind.Token => "token",
        RouteKind.Freshness => "freshness",
        RouteKind.Query => "query",
        RouteKind.Control => "control",
        _ => "other",
    };

    private static void WriteBody(Utf8JsonWriter w, string body)
    {
        // Embedded as JSON when it parses, so tests read body.pageSize rather than re-parse a string.
        try
        {
            using var doc = JsonDocument.Parse(body);
            doc.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteStringValue(body);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value == null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
