using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Errors;

namespace AmazonVitals.Client.Model;

/// <summary>
/// Turns what the user asked for into a <see cref="QueryPlan"/>. The checks that need no server
/// run first, so a bad query fails before a single request is sent.
/// </summary>
public static class QueryPlanner
{
    /// <summary>
    /// Rows per page of a rate query when the user does not say: the most the API allows. The API
    /// allows 3 requests a second, so fewer, larger pages are faster (a million rows are 10
    /// requests rather than 20). A page is held as its bytes only, checked whole and read row by
    /// row as it is written, and a query holds two pages at most (the one being written and the
    /// one prefetched), so even pages this large keep memory flat however many rows a query
    /// returns (the benchmark checks it: README, Performance).
    /// </summary>
    public const int DefaultPageSize = 100_000;
    /// <summary>
    /// Issues per page when the user does not say. Issue pages are held parsed (each issue carries
    /// its whole stack trace), and the top issues are what is wanted, so pages stay at 50,000.
    /// </summary>
    public const int DefaultIssuePageSize = 50_000;
    public const int MaxPageSize = 100_000;
    public const int MaxHourlyDays = 15;
    public const int MaxDailyDays = 30;
    /// <summary>The default window: 7 days of Daily data, or 24 hours of Hourly data, ending at the latest data.</summary>
    public static readonly TimeSpan DefaultDailyWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultHourlyWindow = TimeSpan.FromHours(24);

    /// <summary>Checks that need no server. Throws <see cref="VitalsValidationException"/>.</summary>
    public static void Check(MetricQuery query)
    {
        InputChecks.CheckPathName(query.MetricSet, "-MetricSet");
        // The reference gives issuesMetricSet a request of its own (times and reportType at the
        // top level, no timelineSpec), so a rate query to it can only be refused by the server.
        if (string.Equals(query.MetricSet, KnownMetricSets.Issues, StringComparison.OrdinalIgnoreCase))
            throw new VitalsValidationException("IssuesSetIsNotRates", "-MetricSet", query.MetricSet, Messages.IssuesSetIsNotRates(query.MetricSet));
        CheckCommon(query.PackageName, query.Start, query.End, query.Dimensions, query.Filter, query.PageSize);
        foreach (var metric in query.Metrics)
            CheckName(metric, "-Metric");
        InputChecks.CheckColumns(FixedColumns.MetricRow, query.Metrics, "-Metric", query.Dimensions);
        if (query.Period == AggregationPeriod.Hourly)
        {
            var dailyOnly = query.Metrics.FirstOrDefault(KnownMetricSets.IsDailyOnly);
            if (dailyOnly is not null)
                throw new VitalsValidationException("DailyOnlyMetric", "-Metric", dailyOnly, Messages.WeightedMetricHourly(dailyOnly));
        }
        if (query.Start is { } start && query.End is { } end)
            CheckSpan(query.Period, VitalsTime.UtcDate(start), VitalsTime.CeilingDate(end));
    }

    /// <summary>Checks an issues query that need no server.</summary>
    public static void Check(IssueQuery query)
    {
        CheckCommon(query.PackageName, query.Start, query.End, query.Dimensions, query.Filter, query.PageSize);
        InputChecks.CheckColumns(FixedColumns.Issue, Array.Empty<string>(), "-Dimension", query.Dimensions);
        if (query.Start is { } start && query.End is { } end)
            CheckSpan(AggregationPeriod.Daily, VitalsTime.UtcDate(start), VitalsTime.CeilingDate(end));
    }

    /// <summary>
    /// Plans a rate query. <paramref name="freshness"/> is needed when a time or the metric list
    /// is missing; pass null otherwise.
    /// </summary>
    /// <remarks>For tests: V1's window rules. The client plans through <see cref="VitalsClient.PlanAsync(MetricQuery, int?, Diagnostics.IVitalsTrace, System.Threading.CancellationToken)"/>, with its own wire format's.</remarks>
    internal static QueryPlan Plan(MetricQuery query, FreshnessInfo? freshness, int? rowLimit = null) =>
        Plan(query, freshness, rowLimit, Wire.V1.V1Window.TrimsRows);

    /// <summary>
    /// Plans a rate query for a wire format: <paramref name="trimsRows"/> says whether that format
    /// sends more than the window and drops rows on reading, in which case -First cannot size the
    /// page (pages of -First rows could each hold none of the rows wanted).
    /// </summary>
    internal static QueryPlan Plan(MetricQuery query, FreshnessInfo? freshness, int? rowLimit, Func<QueryPlan, bool> trimsRows)
    {
        Check(query);
        var (start, end) = ResolveWindow(query.Start, query.End, query.Period, query.MetricSet, freshness);
        var (startDate, endDate) = (VitalsTime.UtcDate(start), VitalsTime.CeilingDate(end));
        CheckSpan(query.Period, startDate, endDate);
        var schema = new RowSchema(query.Dimensions, MetricsFor(query, freshness));
        // Daily rows are whole UTC dates: a time of day on either end widens the window to the
        // dates it touches rather than silently dropping the first date's row.
        if (query.Period == AggregationPeriod.Daily)
            (start, end) = (startDate, endDate);
        var plan = new QueryPlan(query.PackageName, query.MetricSet, query.Period, start, end,
            schema, query.Filter, PageSizeFor(query.PageSize, null), reportType: null);
        return rowLimit is null || trimsRows(plan) ? plan : plan.WithPageSize(PageSizeFor(query.PageSize, rowLimit));
    }

    /// <summary>Plans an issues query; <paramref name="freshness"/> is needed when a time is missing.</summary>
    public static QueryPlan Plan(IssueQuery query, FreshnessInfo? freshness, int? rowLimit = null)
    {
        Check(query);
        var (start, end) = ResolveWindow(query.Start, query.End, AggregationPeriod.Daily, KnownMetricSets.Issues, freshness);
        var (startDate, endDate) = (VitalsTime.UtcDate(start), VitalsTime.CeilingDate(end));
        CheckSpan(AggregationPeriod.Daily, startDate, endDate);
        var schema = new RowSchema(query.Dimensions, KnownMetricSets.MetricsOf(KnownMetricSets.Issues));
        // Issues aggregate over the whole window, so the window is whole dates: no row filter.
        return new QueryPlan(query.PackageName, KnownMetricSets.Issues, AggregationPeriod.Daily, startDate, endDate,
            schema, query.Filter, PageSizeFor(query.PageSize ?? DefaultIssuePageSize, rowLimit), query.ReportType);
    }

    /// <summary>
    /// The metrics asked for, else every metric the set's freshness answer lists (the server is
    /// the authority; the built-in list is only a fallback). A defaulted Hourly list leaves out
    /// the metrics that exist only for Daily data, which the server would refuse.
    /// </summary>
    private static IReadOnlyList<string> MetricsFor(MetricQuery query, FreshnessInfo? freshness)
    {
        if (query.Metrics.Count > 0)
            return query.Metrics;
        IReadOnlyList<string> all = freshness?.Metrics is { Length: > 0 } listed ? listed : KnownMetricSets.MetricsOf(query.MetricSet);
        var usable = query.Period == AggregationPeriod.Hourly ? all.Where(m => !KnownMetricSets.IsDailyOnly(m)).ToList() : all;
        // A server that lists a metric under a fixed column's name would break every row's object.
        return usable.Where(m => !FixedColumns.MetricRow.Contains(m, StringComparer.OrdinalIgnoreCase)
            && !query.Dimensions.Contains(m, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>True when planning this query needs the freshness endpoint.</summary>
    public static bool NeedsFreshness(MetricQuery query) => query.Start is null || query.End is null || query.Metrics.Count == 0;

    private static (DateTime Start, DateTime End) ResolveWindow(DateTime? start, DateTime? end, AggregationPeriod period, string metricSet, FreshnessInfo? freshness)
    {
        if (start is { } s && end is { } e)
            return (s, e);
        var width = period == AggregationPeriod.Daily ? DefaultDailyWindow : DefaultHourlyWindow;
        if (end is { } givenEnd)
            return (givenEnd - width, givenEnd);
        var latest = freshness?.LatestFor(period)
            ?? throw new VitalsValidationException("NoFreshness", "-StartTime", metricSet, Messages.NoFreshness(metricSet, period.ToString()));
        // The latest timestamp names the last period with data; the exclusive end is the one after it.
        var latestEnd = period == AggregationPeriod.Daily ? VitalsTime.UtcDate(latest).AddDays(1) : latest.AddHours(1);
        var resolvedStart = start ?? latestEnd - width;
        if (resolvedStart >= latestEnd)
            throw new VitalsValidationException("EndNotAfterStart", "-StartTime", resolvedStart, Messages.EndNotAfterStart(resolvedStart, latestEnd));
        return (resolvedStart, latestEnd);
    }

    private static void CheckName(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new VitalsValidationException("EmptyName", parameter, value, Messages.EmptyName(parameter));
    }

    private static void CheckCommon(string packageName, DateTime? start, DateTime? end, IReadOnlyList<string> dimensions,
        IReadOnlyDictionary<string, IReadOnlyList<string>> filter, int? pageSize)
    {
        InputChecks.CheckPathName(packageName, "-PackageName");
        InputChecks.CheckTime(start, "-StartTime");
        InputChecks.CheckTime(end, "-EndTime");
        if (start is { } s && end is { } e && e <= s)
            throw new VitalsValidationException("EndNotAfterStart", "-EndTime", e, Messages.EndNotAfterStart(s, e));
        if (dimensions.Count > KnownMetricSets.MaxDimensions)
            throw new VitalsValidationException("TooManyDimensions", "-Dimension", string.Join(",", dimensions), Messages.TooManyDimensions(dimensions.Count));
        foreach (var dimension in dimensions)
            CheckName(dimension, "-Dimension");
        foreach (var pair in filter)
            CheckName(pair.Key, "-Filter");
        if (pageSize is { } size && (size < 1 || size > MaxPageSize))
            throw new VitalsValidationException("PageSizeOutOfRange", "-PageSize", size, Messages.PageSizeOutOfRange(size));
    }

    private static void CheckSpan(AggregationPeriod period, DateTime startDate, DateTime endDate)
    {
        var days = (endDate - startDate).TotalDays;
        if (period == AggregationPeriod.Hourly && days > MaxHourlyDays)
            throw new VitalsValidationException("HourlyTooWide", "-StartTime", days, Messages.HourlyTooWide(days));
        if (period == AggregationPeriod.Daily && days > MaxDailyDays)
            throw new VitalsValidationException("DailyTooWide", "-StartTime", days, Messages.DailyTooWide(days));
    }

    // Asking for more rows than -First wants only costs transfer and parsing.
    private static int PageSizeFor(int? requested, int? rowLimit)
    {
        var size = requested ?? DefaultPageSize;
        return rowLimit is { } limit && limit > 0 && limit < size ? limit : size;
    }
}
