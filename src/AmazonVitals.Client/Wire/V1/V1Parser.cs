using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Model;
using static AmazonVitals.Client.Wire.JsonReading;

namespace AmazonVitals.Client.Wire.V1;

/// <summary>
/// Streams V1 response bodies with <see cref="Utf8JsonReader"/>: no DOM for a 30 MB page, names
/// matched as UTF-8 bytes against the schema, numbers parsed invariantly from the bytes.
/// A malformed body throws <see cref="JsonException"/>, which the pipeline retries.
/// </summary>
internal static class V1Parser
{
    /// <summary>Reads the rows array; the reader stands on its StartArray.</summary>
    private delegate void RowsReader(ref Utf8JsonReader reader);

    public static MetricPage ReadMetricPage(QueryPlan plan, ReadOnlySpan<byte> body, StringCache strings, string? requestId)
    {
        var rows = new List<MetricRow>();
        var next = ReadEnvelope(body, (ref Utf8JsonReader reader) => ReadMetricRows(ref reader, plan, strings, rows));
        return new MetricPage(rows, next, requestId);
    }

    public static IssuePage ReadIssuePage(QueryPlan plan, ReadOnlySpan<byte> body, StringCache strings, string? requestId)
    {
        var rows = new List<IssueRow>();
        var next = ReadEnvelope(body, (ref Utf8JsonReader reader) =>
        {
            ExpectArray(ref reader);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                rows.Add(ReadIssueRow(ref reader, plan.Schema, strings));
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

    private static void ReadMetricRows(ref Utf8JsonReader reader, QueryPlan plan, StringCache strings, List<MetricRow> rows)
    {
        ExpectArray(ref reader);
        var schema = plan.Schema;
        var trim = V1Window.TrimsRows(plan);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var values = new object?[schema.Columns.Count];
            var seen = 0UL;
            DateTime? start = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("dimensions"u8))
                    ReadPairs(ref reader, schema, strings, values, ref seen, isMetric: false);
                else if (reader.ValueTextEquals("metrics"u8))
                    ReadPairs(ref reader, schema, strings, values, ref seen, isMetric: true);
                else if (reader.ValueTextEquals("startTime"u8))
                    start = ReadTime(ref reader);
                else
                    SkipValue(ref reader);
            }
            // A row without its period cannot be placed in time: it would show as year 1.
            var when = start ?? throw new WireValueException("a row has no startTime");
            if (!trim || (when >= plan.Start && when < plan.End))
                rows.Add(new MetricRow(when, values));
        }
        ExpectEnd(ref reader, JsonTokenType.EndArray);
    }

    private static IssueRow ReadIssueRow(ref Utf8JsonReader reader, RowSchema schema, StringCache strings)
    {
        var values = new object?[schema.Columns.Count];
        var seen = 0UL;
        string? descriptor = null, text = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("crashDescriptor"u8))
                descriptor = ReadOptionalString(ref reader);
            else if (reader.ValueTextEquals("reportText"u8))
                text = ReadOptionalString(ref reader);
            else if (reader.ValueTextEquals("dimensions"u8))
                ReadPairs(ref reader, schema, strings, values, ref seen, isMetric: false);
            else if (reader.ValueTextEquals("metrics"u8))
                ReadPairs(ref reader, schema, strings, values, ref seen, isMetric: true);
            else
                SkipValue(ref reader);
        }
        var dimensionCount = schema.Dimensions.Count;
        var dimensions = new string?[dimensionCount];
        Array.Copy(values, dimensions, dimensionCount);
        return new IssueRow(descriptor, text,
            values[schema.MetricIndex("errorEventCount"u8)] as long?,
            values[schema.MetricIndex("affectedDeviceCount"u8)] as long?,
            dimensions);
    }

    /// <summary>
    /// Reads <c>[{"name":..,"value":..}, ...]</c> into the schema's columns; names the schema lacks
    /// are ignored. <c>seen</c> holds the row's columns named so far, one bit each, so a name given
    /// twice is refused even when one of its values is null.
    /// </summary>
    private static void ReadPairs(ref Utf8JsonReader reader, RowSchema schema, StringCache strings, object?[] values, ref ulong seen, bool isMetric)
    {
        reader.Read();
        ExpectArray(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var column = -1;
            object? value = null;
            byte[]? pendingValue = null; // only when "value" comes before "name"
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    column = isMetric ? schema.MetricIndex(Utf8(ref reader)) : schema.DimensionIndex(Utf8(ref reader));
                    if (pendingValue is not null && column >= 0)
                        value = ToValue(pendingValue, schema, column, strings);
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                        continue;
                    if (column >= 0)
                        value = ToValue(Utf8(ref reader), schema, column, strings);
                    else
                        pendingValue = Utf8(ref reader).ToArray();
                }
                else
                    SkipValue(ref reader);
            }
            if (column >= 0)
            {
                // One name twice in a row: which value is right cannot be known. (Past 64 columns
                // only a second non-null value is caught; no query has that many.)
                var twice = column < 64 ? (seen & (1UL << column)) != 0 : values[column] is not null && value is not null;
                if (twice)
                    throw new WireValueException("'" + schema.Columns[column] + "' appears twice in one row");
                if (column < 64)
                    seen |= 1UL << column;
                values[column] = value;
            }
        }
        ExpectEnd(ref reader, JsonTokenType.EndArray);
    }

    private static object ToValue(ReadOnlySpan<byte> text, RowSchema schema, int column, StringCache strings)
    {
        if (column < schema.Dimensions.Count)
            return strings.Get(text);
        if (schema.IsCount[column])
        {
            if (Utf8Parser.TryParse(text, out long count, out var used) && used == text.Length)
                return count;
            // Out of Int64's range (or infinite) would convert to garbage, so it is a broken value instead.
            if (Utf8Parser.TryParse(text, out double whole, out used) && used == text.Length && Math.Abs(whole) < 9.2e18)
                return (long)Math.Round(whole);
        }
        else if (Utf8Parser.TryParse(text, out double rate, out var used) && used == text.Length && !double.IsNaN(rate) && !double.IsInfinity(rate))
            return rate;
        throw new WireValueException(Messages.NotANumber(schema.Columns[column], Utf8Text.GetString(text), schema.IsCount[column]));
    }

    private static DateTime ReadTime(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
            return VitalsTime.ParseTimestamp(reader.GetString()) ?? throw new WireValueException("a row has an unreadable startTime");
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
            // A wrong type must be a JsonException like any other broken body, so the pipeline retries it.
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

    private static ReadOnlySpan<byte> Utf8(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
            throw new WireValueException("Expected a string or number, found " + reader.TokenType + ".");
        // Escaped text is rare in names and values; unescape only then.
        return reader.ValueIsEscaped || reader.HasValueSequence
            ? Encoding.UTF8.GetBytes(reader.GetString()!)
            : reader.ValueSpan;
    }
}
