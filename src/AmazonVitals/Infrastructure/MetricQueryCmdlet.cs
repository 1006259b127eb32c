using System;
using System.Collections;
using System.Management.Automation;
using AmazonVitals.Client.Model;
using AmazonVitals.Completion;
using AmazonVitals.Session;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The query parameters Invoke-VitalsQuery and Export-VitalsData share, declared once so the two
/// can never drift apart.
/// </summary>
public abstract class MetricQueryCmdlet : QueryCmdlet
{
    /// <summary>The app's package name. Takes pipeline input by value and by property name. Default: the session's package.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PackageNameCompleter))]
    public string? PackageName { get; set; }

    /// <summary>The metric set: crashMetricSet, anrMetricSet, lmkMetricSet, or any name the server knows.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(MetricSetCompleter))]
    public string MetricSet { get; set; } = "";

    /// <summary>Daily (default) or Hourly rows.</summary>
    [Parameter]
    [ValidateSet("Daily", "Hourly", IgnoreCase = true)]
    public string AggregationPeriod { get; set; } = "Daily";

    /// <summary>Inclusive start. A bare date is that UTC date; other times are local and converted to UTC. Default: the window ending at the latest data.</summary>
    [Parameter]
    public DateTime? StartTime { get; set; }

    /// <summary>Exclusive end: one day is -StartTime 2026-11-20 -EndTime 2026-11-21. Default: the end of the latest data.</summary>
    [Parameter]
    public DateTime? EndTime { get; set; }

    /// <summary>The metrics to return, named as the API names them. Default: every metric of the set.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricCompleter))]
    public string[]? Metric { get; set; }

    /// <summary>Up to 5 dimensions to break the rows down by: versionCode, countryCode, deviceModel, deviceType, deviceOS, osVersion.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DimensionCompleter))]
    public string[]? Dimension { get; set; }

    /// <summary>Allowed values per dimension: @{ countryCode = 'US','CA' }. OR within a dimension, AND across dimensions.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    /// <summary>Rows per request, 1 to 100000. Default: 50000, measured as the best throughput within flat memory.</summary>
    [Parameter]
    public int? PageSize { get; set; }

    /// <summary>The session to use. Default: the one Connect-Vitals made.</summary>
    [Parameter]
    public VitalsSession? Session { get; set; }

    /// <summary>The query these parameters describe, for one package.</summary>
    private protected MetricQuery BuildQuery(string package) =>
        new(package, MetricSet)
        {
            Period = ParseEnum<AggregationPeriod>(AggregationPeriod),
            Start = ToUtc(StartTime),
            End = ToUtc(EndTime),
            Metrics = Metric ?? Array.Empty<string>(),
            Dimensions = Dimension ?? Array.Empty<string>(),
            Filter = ToFilter(Filter),
            PageSize = PageSize,
        };

    /// <summary>One line for -Verbose that says what the plan asks for.</summary>
    private protected static string Describe(QueryPlan plan) =>
        FormattableString.Invariant($"Querying {plan.MetricSet} of {plan.PackageName}: {plan.Period} from {plan.Start:u} to {plan.End:u} (exclusive), {plan.Schema.Dimensions.Count} dimensions, {plan.Schema.Metrics.Count} metrics, pages of {plan.PageSize}.");
}
