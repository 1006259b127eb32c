using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;
using static AmazonVitals.Client.Wire.JsonReading;

namespace AmazonVitals.Client.Wire.V1;

/// <summary>
/// Reads V1 response bodies, each already read whole into an array, with <see cref="Utf8JsonReader"/>:
/// no DOM, so a page costs its bytes only; names matched as UTF-8 bytes against the schema, numbers
/// parsed invariantly from the bytes. A body that is not JSON or is cut short makes the reader throw
/// <see cref="JsonException"/>, which the pipeline retries (a glitch in transit); valid JSON of the
/// wrong shape or with a value no row can take throws <see cref="WireValueException"/>, which is
/// final (the server would send it again); see <c>Errors/Faults</c> and <c>RetryRules</c>.
/// </summary>
internal static class V1Parser
{
    /// <summary>Reads the rows array; the reader stands on the token after its name.</summary>
    private delegate void RowsReader(ref Utf8JsonReader reader);

    /// <summary>
    /// Checks a whole rate page in one pass (envelope, every row, every value) and returns it
    /// unparsed: its rows are read from <paramref name="body"/> only as they are used. A page that
    /// fails here fails before any of its rows is written, so a retried page never repeats a row.
    /// The page takes the body only once it has passed (until then the caller still owns it).
    /// </summary>
    public static MetricPage ReadMetricPage(QueryPlan plan, ResponseBody body, StringCache strings, string? requestId, bool compactRows = true)
    {
        var row = new V1RowReader(plan.Schema, compactRows);
        var trim = V1Window.TrimsRows(plan);
        int count = 0, rowsAt = 0;
        var rowsState = default(JsonReaderState);
        var bytes = body.Bytes;
        var length = body.Length;
        var next = ReadEnvelope(bytes.AsSpan(0, length), (ref Utf8JsonReader reader) =>
        {
            rowsAt = (int)reader.BytesConsumed;
            rowsState = reader.CurrentState;
            count = ReadRows(ref reader, bytes.AsSpan(0, length), plan, trim, row, strings: null, encoder: null, into: null);
        });
        return new MetricPage(count, next, requestId, body.HandOn(),
            rows => new V1RowReader(plan, trim, rows, rowsAt, rowsState, strings, compactRows));
    }

    /// <summary>A whole body in an array of its own (tests; <paramref name="compactRows"/> false reads every row with Utf8JsonReader).</summary>
    public static MetricPage ReadMetricPage(QueryPlan plan, byte[] body, StringCache strings, string? requestId, bool compactRows = true) =>
        ReadMetricPage(plan, ResponseBody.Unowned(body, body.Length), strings, requestId, compactRows);

    /// <summary>
    /// Checks a whole rate page and writes each row with <paramref name="encoder"/> in the same pass
    /// (Export-VitalsData), over the JSON already read (<see cref="PageOutput"/>): the page takes the
    /// body once it has passed, and carries its rows' bytes in it. A page that fails leaves its
    /// body to the caller, rows and all, so a retried page never repeats a row.
    /// </summary>
    public static EncodedPage EncodeMetricPage(QueryPlan plan, ResponseBody body, StringCache strings, string? requestId, RowEncoder encoder, bool compactRows = true)
    {
        var row = new V1RowReader(plan.Schema, compactRows);
        var trim = V1Window.TrimsRows(plan);
        var count = 0;
        var bytes = body.Bytes;
        var length = body.Length;
        PageOutput? into = null;
        var next = ReadEnvelope(bytes.AsSpan(0, length), (ref Utf8JsonReader reader) =>
        {
            into = new PageOutput(bytes, (int)reader.BytesConsumed);
            count = ReadRows(ref reader, bytes.AsSpan(0, length), plan, trim, row, strings, encoder, into);
        });
        return new EncodedPage(count, next, requestId, body.HandOn(), into!);
    }

    /// <summary>
    /// Reads every row of the rows array (the reader stands on its StartArray and is left on its
    /// EndArray) and counts those in the window; with an <paramref name="encoder"/>, also writes each
    /// of those into <paramref name="into"/>. Without <paramref name="strings"/> the rows are only
    /// checked: no dimension value becomes a string.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private static int ReadRows(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, QueryPlan plan, bool trim, V1RowReader row,
        StringCache? strings, RowEncoder? encoder, PageOutput? into)
    {
        ExpectArray(ref reader);
        var at = new V1RowsCursor((int)reader.BytesConsumed, reader.CurrentState);
        var count = 0;
        while (row.ReadNextRow(input, ref at, strings))
        {
            if (trim && !V1RowReader.InWindow(plan, row.StartTime))
                continue;
            count++;
            // The row's JSON is read: its bytes may now hold rows written (see PageOutput).
            into?.ReadTo(at.Offset);
            encoder?.Encode(row, into!);
        }
        // The rows were read past the reader: it goes on from the ']', in the state it had on the '['.
        reader = new Utf8JsonReader(input.Slice(at.Offset), isFinalBlock: true, at.InArray);
        reader.Read();
        ExpectEnd(ref reader, JsonTokenType.EndArray);
        return count;
    }

    public static IssuePage ReadIssuePage(QueryPlan plan, ReadOnlySpan<byte> body, StringCache strings, string? requestId)
    {
        var rows = new List<IssueRow>();
        var row = new V1RowReader(plan.Schema);
        var next = ReadEnvelope(body, (ref Utf8JsonReader reader) =>
        {
            ExpectArray(ref reader);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                rows.Add(row.ReadIssueRow(ref reader, strings));
            ExpectEnd(ref reader, JsonTokenType.EndArray);
        });
        return new IssuePage(rows, next, requestId);
    }

    /// <summary>
    /// The page envelope every query answer shares: rows (always present, says the reference) and
    /// nextPageToken. Other fields are skipped. A key given twice is refused rather than guessed
    /// at: two rows arrays would silently double the rows, two tokens would pick one.
    /// </summary>
    private static string? ReadEnvelope(ReadOnlySpan<byte> body, RowsReader readRows)
    {
        var reader = new Utf8JsonReader(body);
        string? next = null;
        bool sawRows = false, sawToken = false;
        ExpectObject(ref reader);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("rows"u8))
            {
                Once(ref sawRows, "rows");
                reader.Read();
                readRows(ref reader);
            }
            else if (reader.ValueTextEquals("nextPageToken"u8))
            {
                Once(ref sawToken, "nextPageToken");
                next = ReadOptionalString(ref reader);
            }
            else
                SkipValue(ref reader);
        }
        // Anything after the page's object means the body is not the page it claims to be (two
        // answers run together, say): taking the first would silently drop the rest, its token too.
        if (reader.Read())
            throw new JsonException("The body goes on after the page's end.");
        if (!sawRows)
            throw new WireValueException("the page has no rows array");
        return next;
    }

    private static void Once(ref bool seen, string name)
    {
        if (seen)
            throw new WireValueException("the page gives '" + name + "' twice");
        seen = true;
    }

    public static FreshnessInfo ReadFreshness(string packageName, string metricSet, ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var metrics = new List<string>();
        var dimensions = new List<string>();
        DateTime? daily = null, hourly = null;
        ExpectObject(ref reader);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metrics"u8))
                ReadStringArray(ref reader, metrics);
            else if (reader.ValueTextEquals("dimensions"u8))
                ReadStringArray(ref reader, dimensions);
            else if (reader.ValueTextEquals("freshnessInfo"u8))
            {
                reader.Read();
                ExpectArray(ref reader);
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    string? period = null, timestamp = null;
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("aggregationPeriod"u8))
                            period = ReadOptionalString(ref reader);
                        else if (reader.ValueTextEquals("latestDataTimestamp"u8))
                            timestamp = ReadOptionalString(ref reader);
                        else
                            SkipValue(ref reader);
                    }
                    if (string.Equals(period, "DAILY", StringComparison.OrdinalIgnoreCase))
                        daily = Plausible(VitalsTime.ParseTimestamp(timestamp));
                    else if (string.Equals(period, "HOURLY", StringComparison.OrdinalIgnoreCase))
                        hourly = Plausible(VitalsTime.ParseTimestamp(timestamp));
                }
            }
            else
                SkipValue(ref reader);
        }
        return new FreshnessInfo(packageName, metricSet, metrics, dimensions, daily, hourly);
    }

    /// <summary>A freshness date far outside what the API serves would overflow every window built from it.</summary>
    private static DateTime? Plausible(DateTime? timestamp) =>
        timestamp is { } t && (t < InputChecks.EarliestTime || t > InputChecks.LatestTime)
            ? throw new WireValueException("latestDataTimestamp " + t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + " is outside 2000..2100")
            : timestamp;

    /// <summary>Reads a startTime value, an object of whole numbers (V1) or a timestamp string; the reader stands on it.</summary>
    [MethodImpl(HotPath.Optimized)]
    internal static DateTime ReadTimeValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
            return VitalsTime.ParseTimestamp(ReadText(ref reader)) ?? throw new WireValueException("a row has an unreadable startTime");
        ExpectObject(ref reader);
        int year = 0, month = 0, day = 0, hours = 0, minutes = 0, seconds = 0;
        while (NextProperty(ref reader))
        {
            ref var field = ref year;
            if (reader.ValueTextEquals("year"u8)) field = ref year;
            else if (reader.ValueTextEquals("month"u8)) field = ref month;
            else if (reader.ValueTextEquals("day"u8)) field = ref day;
            else if (reader.ValueTextEquals("hours"u8)) field = ref hours;
            else if (reader.ValueTextEquals("minutes"u8)) field = ref minutes;
            else if (reader.ValueTextEquals("seconds"u8)) field = ref seconds;
            else { SkipValue(ref reader); continue; }
            reader.Read();
            // Valid JSON of the wrong type: the server would send it again, so it is not retried.
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out field))
                throw new WireValueException("startTime has a field that is not a whole number");
        }
        try
        {
            return new DateTime(year, month, day, hours, minutes, seconds, DateTimeKind.Utc);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new WireValueException("startTime is not a valid date: " + e.Message);
        }
    }
}
