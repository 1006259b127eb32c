using System;
using System.Linq;
using System.Text.Json;
using AmazonVitals.Emulator.Profiles;

namespace AmazonVitals.Emulator.Data;

/// <summary>Pre-encoded property names and dimension values: encoding them once per row would dominate a million-row page.</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("startTime");
    public static readonly JsonEncodedText Year = JsonEncodedText.Encode("year");
    public static readonly JsonEncodedText Month = JsonEncodedText.Encode("month");
    public static readonly JsonEncodedText Day = JsonEncodedText.Encode("day");
    public static readonly JsonEncodedText Hours = JsonEncodedText.Encode("hours");
    public static readonly JsonEncodedText AggregationPeriod = JsonEncodedText.Encode("aggregationPeriod");
    public static readonly JsonEncodedText Dimensions = JsonEncodedText.Encode("dimensions");
    public static readonly JsonEncodedText Metrics = JsonEncodedText.Encode("metrics");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText Daily = JsonEncodedText.Encode("DAILY");
    public static readonly JsonEncodedText Hourly = JsonEncodedText.Encode("HOURLY");
    public static readonly JsonEncodedText CrashDescriptor = JsonEncodedText.Encode("crashDescriptor");
    public static readonly JsonEncodedText ReportText = JsonEncodedText.Encode("reportText");

    public static readonly JsonEncodedText[] DimensionNames = [.. Catalog.Dimensions.Select(d => JsonEncodedText.Encode(d))];

    public static readonly JsonEncodedText[][] DimensionValues =
        [.. Catalog.DimensionValues.Select(values => values.Select(v => JsonEncodedText.Encode(v)).ToArray())];

    /// <summary>Writes a row's <c>{"name","value"}</c> dimension pairs, in the order the query asked for them.</summary>
    public static void WriteDimensionPairs(Utf8JsonWriter w, int[] dims, ReadOnlySpan<int> values)
    {
        for (var j = 0; j < dims.Length; j++)
        {
            w.WriteStartObject();
            w.WriteString(Name, DimensionNames[dims[j]]);
            w.WriteString(Value, DimensionValues[dims[j]][values[j]]);
            w.WriteEndObject();
        }
    }

    /// <summary>
    /// Writes one <c>{"name","value"}</c> metric pair, the value a JSON string as V1 documents;
    /// <paramref name="unknownFields"/> (strict) adds a <c>unit</c> no client knows.
    /// </summary>
    public static void WriteMetricPair(Utf8JsonWriter w, JsonEncodedText name, ReadOnlySpan<byte> value, MetricKind kind, bool unknownFields)
    {
        w.WriteStartObject();
        w.WriteString(Name, name);
        w.WriteString(Value, value);
        if (unknownFields)
        {
            UnknownFields.WriteUnit(w, kind);
        }

        w.WriteEndObject();
    }
}
