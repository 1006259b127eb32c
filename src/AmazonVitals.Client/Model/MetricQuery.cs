using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>A rate query as the user asked for it: times may be missing until resolved.</summary>
public sealed class MetricQuery
{
    public MetricQuery(string packageName, string metricSet)
    {
        PackageName = packageName;
        MetricSet = metricSet;
    }

    public string PackageName { get; }
    public string MetricSet { get; }
    public AggregationPeriod Period { get; set; } = AggregationPeriod.Daily;
    /// <summary>The inclusive start, already converted with <see cref="VitalsTime.ToUtc"/>; null for the default window.</summary>
    public DateTime? Start { get; set; }
    /// <summary>The exclusive end, already converted with <see cref="VitalsTime.ToUtc"/>; null for the default window.</summary>
    public DateTime? End { get; set; }
    /// <summary>The metrics to return; empty for all the set's metrics.</summary>
    public IReadOnlyList<string> Metrics { get; set; } = Array.Empty<string>();
    public IReadOnlyList<string> Dimensions { get; set; } = Array.Empty<string>();
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filter { get; set; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Rows per page; null for the module's default.</summary>
    public int? PageSize { get; set; }

    /// <summary>The same query with other names: a metric set, metrics or dimensions (null keeps them).</summary>
    public MetricQuery With(string? metricSet = null, IReadOnlyList<string>? metrics = null, IReadOnlyList<string>? dimensions = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? filter = null) =>
        new(PackageName, metricSet ?? MetricSet)
        {
            Period = Period,
            Start = Start,
            End = End,
            Metrics = metrics ?? Metrics,
            Dimensions = dimensions ?? Dimensions,
            Filter = filter ?? Filter,
            PageSize = PageSize,
        };
}

/// <summary>An issues query (issuesMetricSet): top issues over the whole window.</summary>
public sealed class IssueQuery
{
    public IssueQuery(string packageName, ReportType reportType)
    {
        PackageName = packageName;
        ReportType = reportType;
    }

    public string PackageName { get; }
    public ReportType ReportType { get; }
    public DateTime? Start { get; set; }
    public DateTime? End { get; set; }
    public IReadOnlyList<string> Dimensions { get; set; } = Array.Empty<string>();
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filter { get; set; } = new Dictionary<string, IReadOnlyList<string>>();
    public int? PageSize { get; set; }

    /// <summary>The same query with other dimension names.</summary>
    public IssueQuery With(IReadOnlyList<string> dimensions, IReadOnlyDictionary<string, IReadOnlyList<string>>? filter = null) =>
        new(PackageName, ReportType) { Start = Start, End = End, Dimensions = dimensions, Filter = filter ?? Filter, PageSize = PageSize };
}
