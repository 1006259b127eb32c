using System.Collections.Generic;
using System.Text.Json;
using AmazonVitals.Emulator.Data;
using AmazonVitals.Emulator.Profiles;

namespace AmazonVitals.Emulator.Http;

/// <summary>The freshness GET answer, shaped like the reference's example: name, metrics, dimensions, freshnessInfo.</summary>
internal static class FreshnessAnswer
{
    public static EmulatorResponse For(MetricSetInfo set, DataWindows windows, ProfileRules rules, string requestId) =>
        EmulatorResponse.Json(200, w =>
        {
            w.WriteStartObject();
            if (rules.WritesUnknownFields)
            {
                UnknownFields.WriteApiVersion(w);
            }

            w.WriteString("name", set.Name);
            WriteNames(w, "metrics", set.MetricNames);
            WriteNames(w, "dimensions", Catalog.Dimensions);
            w.WriteStartArray("freshnessInfo");
            WritePeriod(w, "DAILY", windows.DailyFreshness);
            // The issues set aggregates whole dates only, so it has no hourly data to be fresh.
            if (set.Kind != MetricSetKind.Issues)
            {
                WritePeriod(w, "HOURLY", windows.HourlyFreshness);
            }

            w.WriteEndArray();
            if (rules.RequestIdInEveryBody)
            {
                w.WriteString("requestId", requestId);
            }

            w.WriteEndObject();
        });

    private static void WriteNames(Utf8JsonWriter w, string property, IEnumerable<string> names)
    {
        w.WriteStartArray(property);
        foreach (var name in names)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
    }

    private static void WritePeriod(Utf8JsonWriter w, string period, string latest)
    {
        w.WriteStartObject();
        w.WriteString("aggregationPeriod", period);
        w.WriteString("latestDataTimestamp", latest);
        w.WriteEndObject();
    }
}
