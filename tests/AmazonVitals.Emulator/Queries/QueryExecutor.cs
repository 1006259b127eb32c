using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using AmazonVitals.Emulator.Data;
using AmazonVitals.Emulator.Http;
using AmazonVitals.Emulator.Profiles;

namespace AmazonVitals.Emulator.Queries;

/// <summary>
/// Answers a validated query with one page. The page body (everything after requestId) is built once
/// with Utf8JsonWriter and cached as bytes; each answer only prepends its own status and requestId.
/// </summary>
public sealed class QueryExecutor
{
    private const int IssueSeriesKept = 8;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        SkipValidation = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly PageCache _pages;
    private readonly ProfileRules _rules;
    private readonly object _issuesGate = new();
    private readonly Dictionary<string, IssueSeries> _issues = new(StringComparer.Ordinal);

    public QueryExecutor(PageCache pages, ProfileRules rules)
    {
        _pages = pages;
        _rules = rules;
    }

    public EmulatorResponse Execute(VitalsQuery query, DataWindows windows, string requestId)
    {
        var key = $"{query.Canonical}|{windows.CacheStamp}|{query.Offset}|{query.PageSize}";
        if (!_pages.TryGet(key, out var page))
        {
            page = BuildPage(query, windows);
            _pages.Add(key, page);
        }

        // The cached fragment is a whole object {"freshness":...}; splice the envelope in after its '{'.
        // Both profiles put requestId here: the reference lists it among the fields "Always Present".
        var extra = _rules.WritesUnknownFields ? UnknownFields.EnvelopeJson : "";
        var head = Encoding.UTF8.GetBytes($"{{\"status\":200,\"requestId\":\"{requestId}\",{extra}");
        return new EmulatorResponse(200, head, page.AsMemory(1)) { ResultCount = CountOf(page) };
    }

    public void Clear()
    {
        _pages.Clear();
        lock (_issuesGate)
        {
            _issues.Clear();
        }
    }

    private byte[] BuildPage(VitalsQuery query, DataWindows windows)
    {
        long total;
        Action<Utf8JsonWriter, long, int> writeRows;
        if (query.IsIssues)
        {
            var series = IssuesFor(query, windows);
            total = series.Total;
            writeRows = series.WriteRows;
        }
        else
        {
            var series = new RateSeries(query, windows, _rules.WritesUnknownFields);
            total = series.Total;
            writeRows = series.WriteRows;
        }

        var offset = Math.Min(query.Offset, total);
        var count = (int)Math.Min(query.PageSize, total - offset);
        var next = offset + count < total ? PageToken.Create(query.Canonical, offset + count) : null;
        var daily = query.Period == Period.Daily;

        // Sized from the row shape so a 100,000-row page is written without regrowing its buffer.
        var rowBytes = query.IsIssues ? 1200 : 100 + (60 * query.Dimensions.Length) + (45 * query.Metrics.Count);
        var buffer = new ArrayBufferWriter<byte>(Math.Max(512, count * rowBytes));
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("freshness");
            w.WriteString(JsonNames.AggregationPeriod, daily ? JsonNames.Daily : JsonNames.Hourly);
            w.WriteString("latestDataTimestamp", daily ? windows.DailyTimestamp : windows.HourlyTimestamp);
            w.WriteEndObject();
            w.WriteNumber("resultCount", count);
            w.WriteStartArray("rows");
            writeRows(w, offset, count);
            w.WriteEndArray();
            if (next != null)
            {
                w.WriteString("nextPageToken", next);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private IssueSeries IssuesFor(VitalsQuery query, DataWindows windows)
    {
        // Ranking needs every row, so a paged walk would rebuild them per page: keep the last few.
        var key = $"{query.Canonical}|{windows.CacheStamp}";
        lock (_issuesGate)
        {
            if (_issues.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var series = new IssueSeries(query, windows, _rules.WritesUnknownFields);
        lock (_issuesGate)
        {
            if (_issues.Count >= IssueSeriesKept)
            {
                _issues.Clear();
            }

            _issues[key] = series;
        }

        return series;
    }

    /// <summary>Reads resultCount back from a cached fragment (it sits right after the short freshness object).</summary>
    private static int CountOf(byte[] page)
    {
        var marker = "\"resultCount\":"u8;
        var span = page.AsSpan(0, Math.Min(page.Length, 200));
        var at = span.IndexOf(marker);
        if (at < 0)
        {
            return 0;
        }

        var value = 0;
        for (var i = at + marker.Length; i < span.Length && span[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            value = (value * 10) + (span[i] - '0');
        }

        return value;
    }
}
