using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Wire.V1;

/// <summary>Writes V1 request bodies. Rate sets take a timelineSpec; issuesMetricSet takes its times at the top level.</summary>
internal static class V1Requests
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    public static byte[] QueryBody(QueryPlan plan, string? pageToken)
    {
        var buffer = new ByteBufferWriter(256);
        var (startDate, endDate) = V1Window.DatesOf(plan);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (plan.ReportType is { } reportType)
            {
                WriteDate(json, "startTime", startDate);
                WriteDate(json, "endTime", endDate);
                json.WriteString("reportType", reportType == ReportType.Crash ? "CRASH" : "ANR");
            }
            else
            {
                json.WriteStartObject("timelineSpec");
                json.WriteString("aggregationPeriod", plan.Period == AggregationPeriod.Daily ? "DAILY" : "HOURLY");
                WriteDate(json, "startTime", startDate);
                WriteDate(json, "endTime", endDate);
                json.WriteEndObject();
                if (plan.Schema.Metrics.Count > 0)
                    WriteStrings(json, "metrics", plan.Schema.Metrics);
            }
            if (plan.Schema.Dimensions.Count > 0)
                WriteStrings(json, "dimensions", plan.Schema.Dimensions);
            if (plan.Filter.Count > 0)
            {
                json.WriteStartObject("filter");
                foreach (var pair in plan.Filter)
                    WriteStrings(json, pair.Key, pair.Value);
                json.WriteEndObject();
            }
            json.WriteNumber("pageSize", plan.PageSize);
            if (!string.IsNullOrEmpty(pageToken))
                json.WriteString("pageToken", pageToken);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static HttpContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = s_json;
        return content;
    }

    public static string Text(byte[] body) => Encoding.UTF8.GetString(body);

    private static void WriteDate(Utf8JsonWriter json, string name, DateTime date)
    {
        json.WriteStartObject(name);
        json.WriteNumber("year", date.Year);
        json.WriteNumber("month", date.Month);
        json.WriteNumber("day", date.Day);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
