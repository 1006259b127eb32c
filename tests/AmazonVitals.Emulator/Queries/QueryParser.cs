using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using AmazonVitals.Emulator.Data;
using AmazonVitals.Emulator.Http;

namespace AmazonVitals.Emulator.Queries;

/// <summary>
/// Turns a query body into a <see cref="VitalsQuery"/>, or a 400 with the reference's messages.
/// Unknown fields are refused rather than ignored, so a client that misspells a field finds out.
/// </summary>
public static class QueryParser
{
    public const int DefaultPageSize = 1000;
    public const int MaxPageSize = 100_000;

    private static readonly string[] RateFields = ["timelineSpec", "metrics", "dimensions", "filter", "pageSize", "pageToken", "reportType"];
    private static readonly string[] IssuesFields = ["startTime", "endTime", "reportType", "metrics", "dimensions", "filter", "pageSize", "pageToken", "timelineSpec"];
    private static readonly string[] TimelineFields = ["aggregationPeriod", "startTime", "endTime"];
    private static readonly string[] DateFields = ["year", "month", "day"];

    /// <summary>Parses a body of the given API version. Only V1 exists; a V2 parser (inclusive ISO-time windows) goes beside it.</summary>
    public static VitalsQuery Parse(ApiVersion version, string package, MetricSetInfo set, ReadOnlyMemory<byte> body, DataWindows windows) =>
        version switch
        {
            ApiVersion.V1 => ParseV1(package, set, body, windows),
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "No query parser for this API version"),
        };

    private static VitalsQuery ParseV1(string package, MetricSetInfo set, ReadOnlyMemory<byte> body, DataWindows windows)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiException.Invalid($"Request body is not valid JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid("Request body must be a JSON object");
            }

            return set.Kind == MetricSetKind.Issues
                ? ParseIssues(package, set, root, windows)
                : ParseRate(package, set, root, windows);
        }
    }

    private static VitalsQuery ParseRate(string package, MetricSetInfo set, JsonElement root, DataWindows windows)
    {
        if (Present(root, "reportType", out _))
        {
            throw ApiException.Invalid($"reportType is only applicable to issuesMetricSet, not to {set.Name}");
        }

        if (!Present(root, "timelineSpec", out var spec))
        {
            throw ApiException.Invalid("timelineSpec is required");
        }

        CheckFields(root, RateFields, "");

        if (spec.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("timelineSpec must be an object with aggregationPeriod, startTime and endTime");
        }

        CheckFields(spec, TimelineFields, "timelineSpec.");
        if (!Present(spec, "aggregationPeriod", out var periodElement))
        {
            throw ApiException.Invalid("timelineSpec.aggregationPeriod is required: DAILY or HOURLY");
        }

        var periodText = periodElement.ValueKind == JsonValueKind.String ? periodElement.GetString() : periodElement.GetRawText();
        Period period = periodText switch
        {
            "DAILY" => Period.Daily,
            "HOURLY" => Period.Hourly,
            _ => throw ApiException.Invalid($"timelineSpec.aggregationPeriod must be DAILY or HOURLY, not '{periodText}'"),
        };

        var start = ParseDate(spec, "startTime", "timelineSpec.");
        var end = ParseDate(spec, "endTime", "timelineSpec.");
        if (end <= start)
        {
            throw ApiException.Invalid("timelineSpec.endTime must be greater than timelineSpec.startTime (endTime is exclusive: one day is start D, end D+1)");
        }

        var explicitMetrics = Present(root, "metrics", out var metricsElement)
            && !(metricsElement.ValueKind == JsonValueKind.Array && metricsElement.GetArrayLength() == 0);
        var metrics = ParseMetrics(root, set);
        var dimensions = ParseDimensions(root);
        var filter = ParseFilter(root);

        if (period == Period.Hourly)
        {
            if (!explicitMetrics)
            {
                // Omitting metrics means "all of the set", which for HOURLY can only be the hourly ones.
                metrics = [.. metrics.Where(x => x.Window == Window.None)];
            }

            var windowed = metrics.FirstOrDefault(m => m.Window != Window.None);
            if (windowed != null)
            {
                throw ApiException.Invalid($"{windowed.Name} not available for HOURLY");
            }
        }

        var span = end.DayNumber - start.DayNumber;
        if (period == Period.Hourly && span > DataWindows.HourlyMaxSpanDays)
        {
            throw ApiException.Invalid($"HOURLY queries limited to {DataWindows.HourlyMaxSpanDays} days (this one spans {span})");
        }

        if (period == Period.Daily && span > DataWindows.DailyMaxSpanDays)
        {
            throw ApiException.Invalid($"DAILY queries limited to {DataWindows.DailyMaxSpanDays} days (this one spans {span})");
        }

        var oldest = period == Period.Daily ? windows.OldestDaily : windows.OldestHourlyDate;
        if (start < oldest)
        {
            var (name, kept) = period == Period.Daily
                ? ("DAILY", DataWindows.DailyRetentionDays)
                : ("HOURLY", DataWindows.HourlyRetentionDays);
            throw ApiException.Invalid(
                $"timelineSpec.startTime {Iso(start)} is before the oldest {name} data kept ({Iso(oldest)}): {name} data is kept for the {kept} most recent UTC dates");
        }

        return Finish(root, package, set, period, start, end, metrics, dimensions, filter, null);
    }

    private static VitalsQuery ParseIssues(string package, MetricSetInfo set, JsonElement root, DataWindows windows)
    {
        CheckFields(root, IssuesFields, "");
        if (Present(root, "timelineSpec", out _))
        {
            throw ApiException.Invalid("timelineSpec is not applicable to issuesMetricSet: send startTime, endTime and reportType at the top level");
        }

        var start = ParseDate(root, "startTime", "");
        var end = ParseDate(root, "endTime", "");
        if (end <= start)
        {
            throw ApiException.Invalid("endTime must be greater than startTime (endTime is exclusive: one day is start D, end D+1)");
        }

        if (!Present(root, "reportType", out var reportElement))
        {
            throw ApiException.Invalid("reportType is required for issuesMetricSet: CRASH or ANR");
        }

        var reportType = reportElement.ValueKind == JsonValueKind.String ? reportElement.GetString() : reportElement.GetRawText();
        if (reportType is not ("CRASH" or "ANR"))
        {
            throw ApiException.Invalid($"reportType must be CRASH or ANR, not '{reportType}'");
        }

        var metrics = ParseMetrics(root, set);
        var dimensions = ParseDimensions(root);
        var filter = ParseFilter(root);

        var span = end.DayNumber - start.DayNumber;
        if (span > DataWindows.DailyMaxSpanDays)
        {
            throw ApiException.Invalid($"issuesMetricSet queries limited to {DataWindows.DailyMaxSpanDays} days (this one spans {span})");
        }

        if (start < windows.OldestDaily)
        {
            throw ApiException.Invalid(
                $"startTime {Iso(start)} is before the oldest data kept ({Iso(windows.OldestDaily)}): data is kept for the {DataWindows.DailyRetentionDays} most recent UTC dates");
        }

        return Finish(root, package, set, Period.Daily, start, end, metrics, dimensions, filter, reportType);
    }

    private static VitalsQuery Finish(
        JsonElement root, string package, MetricSetInfo set, Period period, DateOnly start, DateOnly end,
        IReadOnlyList<MetricInfo> metrics, int[] dimensions, int[]?[] filter, string? reportType)
    {
        var pageSize = DefaultPageSize;
        if (Present(root, "pageSize", out var sizeElement))
        {
            if (sizeElement.ValueKind != JsonValueKind.Number || !sizeElement.TryGetInt64(out var size)
                || size < 1 || size > MaxPageSize)
            {
                throw ApiException.Invalid($"pageSize must be an integer between 1 and {MaxPageSize}, not {sizeElement.GetRawText()}");
            }

            pageSize = (int)size;
        }

        var canonical = Canonical(package, set, period, start, end, metrics, dimensions, filter, reportType);
        long offset = 0;
        string? token = null;
        if (Present(root, "pageToken", out var tokenElement))
        {
            if (tokenElement.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Invalid("pageToken must be a string");
            }

            token = tokenElement.GetString()!;
            if (token.Length > 0)
            {
                offset = PageToken.Resolve(token, canonical);
            }
        }

        return new VitalsQuery
        {
            Package = package,
            Set = set,
            Period = period,
            Start = start,
            End = end,
            Metrics = metrics,
            Dimensions = dimensions,
            Filter = filter,
            ReportType = reportType,
            PageSize = pageSize,
            Offset = offset,
            PageToken = token,
            Canonical = canonical,
        };
    }

    private static string Canonical(
        string package, MetricSetInfo set, Period period, DateOnly start, DateOnly end,
        IReadOnlyList<MetricInfo> metrics, int[] dimensions, int[]?[] filter, string? reportType)
    {
        var sb = new StringBuilder();
        sb.Append(package).Append('|').Append(set.Name).Append('|').Append(period).Append('|')
          .Append(Iso(start)).Append('|').Append(Iso(end)).Append('|').Append(reportType).Append("|m=")
          .AppendJoin(',', metrics.Select(m => m.Name)).Append("|d=")
          .AppendJoin(',', dimensions.Select(d => Catalog.Dimensions[d])).Append("|f=");
        for (var d = 0; d < filter.Length; d++)
        {
            if (filter[d] is { } allowed)
            {
                sb.Append(Catalog.Dimensions[d]).Append(':').AppendJoin(',', allowed).Append(';');
            }
        }

        return sb.ToString();
    }

    private static List<MetricInfo> ParseMetrics(JsonElement root, MetricSetInfo set)
    {
        if (!Present(root, "metrics", out var element) || (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 0))
        {
            return [.. set.Metrics];
        }

        var names = StringList(element, "metrics must be a list of metric names");
        var result = new List<MetricInfo>(names.Count);
        foreach (var name in names)
        {
            var metric = set.FindMetric(name)
                ?? throw ApiException.Invalid($"Unknown metric '{name}'. Valid metrics for {set.Name}: {string.Join(", ", set.MetricNames)}");
            if (result.Contains(metric))
            {
                throw ApiException.Invalid($"Metric '{name}' is listed more than once");
            }

            result.Add(metric);
        }

        return result;
    }

    private static int[] ParseDimensions(JsonElement root)
    {
        if (!Present(root, "dimensions", out var element))
        {
            return [];
        }

        var names = StringList(element, "dimensions must be a list of dimension names");
        var result = new List<int>(names.Count);
        foreach (var name in names)
        {
            var index = Catalog.DimensionIndex(name);
            if (index < 0)
            {
                throw ApiException.Invalid($"Unknown dimension '{name}'. Valid dimensions: {string.Join(", ", Catalog.Dimensions)}");
            }

            if (result.Contains(index))
            {
                throw ApiException.Invalid($"Dimension '{name}' is listed more than once");
            }

            result.Add(index);
        }

        if (result.Count > Catalog.MaxDimensionsPerQuery)
        {
            throw ApiException.Invalid($"At most {Catalog.MaxDimensionsPerQuery} dimensions are allowed per query, got {result.Count}");
        }

        return [.. result];
    }

    private static int[]?[] ParseFilter(JsonElement root)
    {
        var filter = new int[]?[Catalog.Dimensions.Count];
        if (!Present(root, "filter", out var element))
        {
            return filter;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("filter must be a JSON object mapping a dimension to the list of values allowed, e.g. {\"countryCode\":[\"US\",\"CA\"]}");
        }

        foreach (var property in element.EnumerateObject())
        {
            var index = Catalog.DimensionIndex(property.Name);
            if (index < 0)
            {
                throw ApiException.Invalid($"Unknown dimension '{property.Name}' in filter. Valid dimensions: {string.Join(", ", Catalog.Dimensions)}");
            }

            var values = StringList(property.Value, $"filter.{property.Name} must be a list of strings");
            if (values.Count == 0)
            {
                throw ApiException.Invalid($"filter.{property.Name} must list at least one value");
            }

            // Values the catalog does not have simply match nothing, as a real filter would.
            var known = Catalog.DimensionValues[index];
            filter[index] = [.. Enumerable.Range(0, known.Count).Where(i => values.Contains(known[i], StringComparer.Ordinal))];
        }

        return filter;
    }

    private static DateOnly ParseDate(JsonElement parent, string name, string prefix)
    {
        if (!Present(parent, name, out var element))
        {
            throw ApiException.Invalid($"{prefix}{name} is required");
        }

        var shape = $"{prefix}{name} must be a UTC calendar date {{\"year\":2026,\"month\":4,\"day\":1}}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid(shape);
        }

        CheckFields(element, DateFields, $"{prefix}{name}.");
        var parts = new int[3];
        for (var i = 0; i < DateFields.Length; i++)
        {
            if (!element.TryGetProperty(DateFields[i], out var part) || part.ValueKind != JsonValueKind.Number || !part.TryGetInt32(out parts[i]))
            {
                throw ApiException.Invalid(shape);
            }
        }

        if (parts[0] is < 1 or > 9999 || parts[1] is < 1 or > 12 || parts[2] < 1 || parts[2] > DateTime.DaysInMonth(parts[0], parts[1]))
        {
            throw ApiException.Invalid($"{prefix}{name} is not a valid date: {parts[0]}-{parts[1]}-{parts[2]}");
        }

        return new DateOnly(parts[0], parts[1], parts[2]);
    }

    private static List<string> StringList(JsonElement element, string message)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.Invalid(message);
        }

        var list = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Invalid(message);
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    /// <summary>A field counts as present unless it is missing or JSON null (clients often send "pageToken": null).</summary>
    private static bool Present(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static void CheckFields(JsonElement element, string[] allowed, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw ApiException.Invalid($"Unknown field '{prefix}{property.Name}'. Allowed: {string.Join(", ", allowed)}");
            }
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
