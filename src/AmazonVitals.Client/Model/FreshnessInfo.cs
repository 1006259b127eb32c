using System;
using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Client.Model;

/// <summary>What one metric set offers and how fresh its data is.</summary>
public sealed class FreshnessInfo
{
    public FreshnessInfo(string packageName, string metricSet, IReadOnlyList<string> metrics, IReadOnlyList<string> dimensions, DateTime? latestDaily, DateTime? latestHourly)
    {
        PackageName = packageName;
        MetricSet = metricSet;
        Metrics = metrics.ToArray();
        Dimensions = dimensions.ToArray();
        LatestDaily = latestDaily;
        LatestHourly = latestHourly;
    }

    public string PackageName { get; }
    public string MetricSet { get; }
    public string[] Metrics { get; }
    public string[] Dimensions { get; }
    /// <summary>The newest UTC date with Daily data, or null.</summary>
    public DateTime? LatestDaily { get; }
    /// <summary>The newest UTC hour with Hourly data, or null.</summary>
    public DateTime? LatestHourly { get; }

    /// <summary>The latest data for a period, or null.</summary>
    public DateTime? LatestFor(AggregationPeriod period) => period == AggregationPeriod.Daily ? LatestDaily : LatestHourly;
}
