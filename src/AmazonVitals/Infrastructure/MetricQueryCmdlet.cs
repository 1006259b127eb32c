using System;
using System.Management.Automation;
using AmazonVitals.Client.Model;
using AmazonVitals.Completion;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The rate-query parameters Invoke-VitalsQuery and Export-VitalsData share, declared once so the
/// two can never drift apart. What every data query takes (package, window, dimensions, filter,
/// page size, session) comes from <see cref="QueryCmdlet"/>.
/// </summary>
public abstract class MetricQueryCmdlet : QueryCmdlet
{
    /// <summary>The metric set: crashMetricSet, anrMetricSet, lmkMetricSet, or any name the server knows. Takes pipeline input by property name (Get-VitalsFreshness objects).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RateMetricSetCompleter))]
    public string MetricSet { get; set; } = "";

    /// <summary>Daily (default) or Hourly rows.</summary>
    [Parameter]
    [ValidateSet("Daily", "Hourly", IgnoreCase = true)]
    public string AggregationPeriod { get; set; } = "Daily";

    /// <summary>The metrics to return, named as the API names them. Default: every metric of the set.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricCompleter))]
    public string[]? Metric { get; set; }

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
