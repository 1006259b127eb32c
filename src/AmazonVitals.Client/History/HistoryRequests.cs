using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History;

/// <summary>What Sync-VitalsHistory asks for one package and metric set.</summary>
public sealed class HistorySyncRequest
{
    public HistorySyncRequest(string packageName, string metricSet)
    {
        PackageName = packageName;
        MetricSet = metricSet;
    }

    public string PackageName { get; }
    public string MetricSet { get; }
    public AggregationPeriod Period { get; set; } = AggregationPeriod.Daily;
    /// <summary>Null: the dataset's recorded dimensions, or for a first sync <see cref="HistoryStore.DefaultDimensions"/> the server lists.</summary>
    public IReadOnlyList<string>? Dimensions { get; set; }
    /// <summary>Null: the dataset's recorded metrics, or for a first sync every metric of the set.</summary>
    public IReadOnlyList<string>? Metrics { get; set; }
    /// <summary>How many of the newest dates are fetched again, stored or not: their data is still being revised.</summary>
    public int RefreshDays { get; set; } = 3;
    /// <summary>Rows per request; null for the largest pages (the fewest requests).</summary>
    public int? PageSize { get; set; }
}

/// <summary>What a sync of one package and set will do, decided before any row is fetched.</summary>
public sealed class HistorySyncPlan
{
    internal HistorySyncPlan(QueryPlan planned, HistoryShape shape, bool isNewShape, QueryPlan? query, IReadOnlyList<DateTime> missing,
        IReadOnlyList<DateTime> refresh, IReadOnlyCollection<DateTime> stored, DateTime oldestKept, long? estimatedRows)
    {
        PackageName = planned.PackageName;
        MetricSet = planned.MetricSet;
        Period = planned.Period;
        Shape = new HistorySetShape(planned.MetricSet, shape);
        IsNewShape = isNewShape;
        Query = query;
        Missing = missing;
        Refresh = refresh;
        Stored = stored;
        OldestKept = oldestKept;
        EstimatedRows = estimatedRows;
    }

    public string PackageName { get; }
    public string MetricSet { get; }
    public AggregationPeriod Period { get; }
    public HistorySetShape Shape { get; }
    /// <summary>True when the dataset has no shape for this set yet: the sync records it.</summary>
    public bool IsNewShape { get; }
    /// <summary>The one query over every date to fetch, or null when there is nothing to fetch.</summary>
    public QueryPlan? Query { get; }
    /// <summary>Dates the API keeps that the folder lacks.</summary>
    public IReadOnlyList<DateTime> Missing { get; }
    /// <summary>Stored dates fetched again because their data may still change.</summary>
    public IReadOnlyList<DateTime> Refresh { get; }
    /// <summary>Dates stored before this sync.</summary>
    public IReadOnlyCollection<DateTime> Stored { get; }
    /// <summary>The oldest date the API still keeps.</summary>
    public DateTime OldestKept { get; }
    /// <summary>Rows to fetch, estimated from the newest stored date; null for a first sync.</summary>
    public long? EstimatedRows { get; }

    /// <summary>Pages the query will take: known only once rows are stored; at least one when there is anything to fetch.</summary>
    public int EstimatedRequests => Query is null ? 0
        : EstimatedRows is { } rows ? Math.Max(1, (int)Math.Ceiling(rows / (double)Query.PageSize)) : 1;

    /// <summary>Dates for a plan line: "none", up to three listed, or the first and last with a count.</summary>
    public static string Dates(IReadOnlyList<DateTime> dates) =>
        dates.Count == 0 ? "none"
        : dates.Count <= 3 ? string.Join(", ", dates.Select(Day))
        : Day(dates[0]) + " .. " + Day(dates[dates.Count - 1]) + " (" + dates.Count.ToString(CultureInfo.InvariantCulture) + " dates)";

    private static string Day(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A set's shape, with the set it belongs to.</summary>
public sealed class HistorySetShape
{
    internal HistorySetShape(string metricSet, HistoryShape shape)
    {
        MetricSet = metricSet;
        Dimensions = shape.Dimensions;
        Metrics = shape.Metrics;
    }

    public string MetricSet { get; }
    public IReadOnlyList<string> Dimensions { get; }
    public IReadOnlyList<string> Metrics { get; }

    internal HistoryShape AsShape() => new(Dimensions, Metrics);
}

/// <summary>What one sync of a package and set did.</summary>
public sealed class HistorySyncResult
{
    public string PackageName { get; set; } = "";
    public string MetricSet { get; set; } = "";
    public string AggregationPeriod { get; set; } = "";
    public int DatesAdded { get; set; }
    public int DatesRevised { get; set; }
    public int DatesUnchanged { get; set; }
    public long Rows { get; set; }
    public int Requests { get; set; }
    public TimeSpan Duration { get; set; }
    public DateTime? OldestDate { get; set; }
    public DateTime? NewestDate { get; set; }
    public string Path { get; set; } = "";

    /// <summary>A sync's summary, with the dataset's oldest and newest stored dates of the set as they are now.</summary>
    internal static HistorySyncResult Create(HistoryLayout layout, string package, string metricSet, AggregationPeriod period,
        (int Added, int Revised, int Unchanged) dates, long rows, int requests, TimeSpan duration)
    {
        var stored = layout.StoredDates(package, metricSet, period);
        return new HistorySyncResult
        {
            PackageName = package,
            MetricSet = metricSet,
            AggregationPeriod = period.ToString(),
            DatesAdded = dates.Added,
            DatesRevised = dates.Revised,
            DatesUnchanged = dates.Unchanged,
            Rows = rows,
            Requests = requests,
            Duration = duration,
            OldestDate = stored.Count > 0 ? stored.Min : null,
            NewestDate = stored.Count > 0 ? stored.Max : null,
            Path = layout.Root,
        };
    }
}

/// <summary>What Get-VitalsHistory reads.</summary>
public sealed class HistoryReadRequest
{
    public IReadOnlyList<string>? PackageNames { get; set; }
    public IReadOnlyList<string>? MetricSets { get; set; }
    public AggregationPeriod Period { get; set; } = AggregationPeriod.Daily;
    public DateTime Start { get; set; } = DateTime.MinValue;
    public DateTime End { get; set; } = DateTime.MaxValue;
    public IReadOnlyList<string>? Metrics { get; set; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filter { get; set; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>The dates the API keeps for a period, as of its latest data: 30 for Daily, 15 for Hourly.</summary>
internal sealed class HistoryWindow
{
    private HistoryWindow(IReadOnlyList<DateTime> dates) => Dates = dates;

    /// <summary>Oldest first; the last is the date of the latest data.</summary>
    public IReadOnlyList<DateTime> Dates { get; }

    public static HistoryWindow For(AggregationPeriod period, DateTime latest)
    {
        var newest = DateTime.SpecifyKind(latest.Date, DateTimeKind.Utc);
        var days = period == AggregationPeriod.Daily ? QueryPlanner.MaxDailyDays : QueryPlanner.MaxHourlyDays;
        return new HistoryWindow(Enumerable.Range(0, days).Select(i => newest.AddDays(i - days + 1)).ToList());
    }

    /// <summary>The dates the folder lacks, and the stored ones among the newest <paramref name="refreshDays"/>, each oldest first.</summary>
    public (List<DateTime> Missing, List<DateTime> Refresh) ToFetch(SortedSet<DateTime> stored, int refreshDays) =>
        (Dates.Where(d => !stored.Contains(d)).ToList(),
         Dates.Skip(Math.Max(0, Dates.Count - refreshDays)).Where(stored.Contains).ToList());

    /// <summary>The exclusive end of a date.</summary>
    public DateTime EndOf(DateTime date) => date.AddDays(1);
}

/// <summary>What Sync-VitalsHistory -IncludeIssues will fetch for one package: the dates, and the top issues per date and type.</summary>
public sealed class HistoryIssuesPlan
{
    internal HistoryIssuesPlan(string packageName, int top, IReadOnlyList<DateTime> missing, IReadOnlyList<DateTime> refresh)
    {
        PackageName = packageName;
        Top = top;
        Missing = missing;
        Refresh = refresh;
        Dates = missing.Concat(refresh).OrderBy(d => d).ToList();
    }

    public string PackageName { get; }
    public int Top { get; }
    public IReadOnlyList<DateTime> Missing { get; }
    public IReadOnlyList<DateTime> Refresh { get; }
    public IReadOnlyList<DateTime> Dates { get; }
    /// <summary>One query per date and report type (CRASH, ANR), and the crash and ANR freshness requests.</summary>
    public int EstimatedRequests => FreshnessRequests + (2 * Dates.Count);

    /// <summary>The freshness answers a plan takes: crash's and ANR's.</summary>
    internal const int FreshnessRequests = 2;
}
