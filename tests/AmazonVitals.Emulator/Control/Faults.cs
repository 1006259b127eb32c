using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AmazonVitals.Emulator.Http;

namespace AmazonVitals.Emulator.Control;

/// <summary>Which emulated route a request hit; faults and the log use these names.</summary>
public enum RouteKind
{
    Token,
    Freshness,
    Query,
    Control,
    Other,
}

public enum FaultKind
{
    Status,
    Drop,
    BadJson,
    Truncate,
    Slow,
    ExpireToken,
    /// <summary>Answers with the given status, content type and body, whatever was asked: a server that misbehaves.</summary>
    Body,
}

/// <summary>One posted fault: applies to the nth..(nth+count-1)th requests matching <see cref="On"/>, counted from when it was posted.</summary>
public sealed record FaultSpec(string On, int Nth, int Count, FaultKind Kind, int Status, string? RetryAfter, int DelayMs)
{
    /// <summary>For <see cref="FaultKind.Body"/>: the body sent as it is.</summary>
    public string? Body { get; init; }

    /// <summary>For <see cref="FaultKind.Body"/>: the Content-Type sent with it.</summary>
    public string ContentType { get; init; } = "application/json";

    public bool Matches(RouteKind route) => On switch
    {
        "query" => route == RouteKind.Query,
        "freshness" => route == RouteKind.Freshness,
        "token" => route == RouteKind.Token,
        "api" => route is RouteKind.Query or RouteKind.Freshness,
        "any" => route is RouteKind.Query or RouteKind.Freshness or RouteKind.Token,
        _ => false,
    };

    public string KindName => Kind switch
    {
        FaultKind.Status => "status",
        FaultKind.Drop => "drop",
        FaultKind.BadJson => "badjson",
        FaultKind.Truncate => "truncate",
        FaultKind.Slow => "slow",
        FaultKind.Body => "body",
        _ => "expireToken",
    };
}

/// <summary>
/// The posted faults, in order. Every fault counts the requests that match it; when several cover the
/// same request the earliest posted wins. A fault is gone once its window has passed. Thread-safe.
/// </summary>
public sealed class FaultBoard
{
    private static readonly string[] Ons = ["query", "freshness", "token", "api", "any"];

    private readonly object _gate = new();
    private readonly List<Active> _faults = [];

    public FaultSpec? Take(RouteKind route)
    {
        if (route is RouteKind.Control or RouteKind.Other)
        {
            return null;
        }

        lock (_gate)
        {
            FaultSpec? chosen = null;
            foreach (var fault in _faults.Where(f => f.Spec.Matches(route)))
            {
                fault.Seen++;
                if (chosen == null && fault.Seen >= fault.Spec.Nth && fault.Seen < fault.Spec.Nth + fault.Spec.Count)
                {
                    chosen = fault.Spec;
                }
            }

            _faults.RemoveAll(f => f.Seen >= f.Spec.Nth + f.Spec.Count - 1);
            return chosen;
        }
    }

    public void Add(IEnumerable<FaultSpec> faults)
    {
        lock (_gate)
        {
            _faults.AddRange(faults.Select(f => new Active(f)));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public void Write(Utf8JsonWriter w)
    {
        lock (_gate)
        {
            w.WriteStartObject();
            w.WriteStartArray("faults");
            foreach (var fault in _faults)
            {
                var s = fault.Spec;
                w.WriteStartObject();
                w.WriteString("on", s.On);
                w.WriteNumber("nth", s.Nth);
                w.WriteNumber("count", s.Count);
                w.WriteString("kind", s.KindName);
                if (s.Kind is FaultKind.Status or FaultKind.Body)
                {
                    w.WriteNumber("status", s.Status);
                }

                if (s.RetryAfter != null)
                {
                    w.WriteString("retryAfter", s.RetryAfter);
                }

                if (s.Kind == FaultKind.Slow)
                {
                    w.WriteNumber("delayMs", s.DelayMs);
                }

                w.WriteNumber("seen", fault.Seen);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    /// <summary>Parses a JSON array of faults (a single object is accepted too); 400 on anything malformed.</summary>
    public static List<FaultSpec> Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => throw ApiException.Invalid("Send a JSON array of faults"),
            };
            return [.. items.Select(ParseOne)];
        }
        catch (JsonException e)
        {
            throw ApiException.Invalid($"Faults body is not valid JSON: {e.Message}");
        }
    }

    private static FaultSpec ParseOne(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("Each fault must be a JSON object");
        }

        var on = Text(e, "on") ?? "any";
        if (!Ons.Contains(on, StringComparer.Ordinal))
        {
            throw ApiException.Invalid($"Fault 'on' must be one of {string.Join(", ", Ons)}, not '{on}'");
        }

        var kindText = Text(e, "kind") ?? throw ApiException.Invalid("Fault 'kind' is required: status, drop, badjson, truncate, slow, expireToken or body");
        FaultKind kind = kindText switch
        {
            "status" => FaultKind.Status,
            "drop" => FaultKind.Drop,
            "badjson" => FaultKind.BadJson,
            "truncate" => FaultKind.Truncate,
            "slow" => FaultKind.Slow,
            "expireToken" => FaultKind.ExpireToken,
            "body" => FaultKind.Body,
            _ => throw ApiException.Invalid($"Unknown fault kind '{kindText}': use status, drop, badjson, truncate, slow, expireToken or body"),
        };

        var nth = Number(e, "nth") ?? 1;
        var count = Number(e, "count") ?? 1;
        if (nth < 1 || count < 1)
        {
            throw ApiException.Invalid("Fault 'nth' and 'count' must be 1 or more");
        }

        var status = Number(e, "status") ?? (kind == FaultKind.Body ? 200 : 0);
        if (kind is FaultKind.Status or FaultKind.Body && status is < 100 or > 599)
        {
            throw ApiException.Invalid("A status fault needs 'status' between 100 and 599");
        }

        var delay = Number(e, "delayMs") ?? 1000;
        if (delay < 0)
        {
            throw ApiException.Invalid("Fault 'delayMs' must not be negative");
        }

        var body = Text(e, "body");
        if (kind == FaultKind.Body && body is null)
        {
            throw ApiException.Invalid("A body fault needs 'body': the text to answer with");
        }

        return new FaultSpec(on, nth, count, kind, status, Text(e, "retryAfter"), delay)
        {
            Body = body,
            ContentType = Text(e, "contentType") ?? "application/json",
        };
    }

    private static string? Text(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Number ? v.GetRawText()
        : throw ApiException.Invalid($"Fault '{name}' must be a string");

    private static int? Number(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n
        : v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m
        : throw ApiException.Invalid($"Fault '{name}' must be an integer");

    private sealed class Active(FaultSpec spec)
    {
        public FaultSpec Spec { get; } = spec;

        public int Seen { get; set; }
    }
}
