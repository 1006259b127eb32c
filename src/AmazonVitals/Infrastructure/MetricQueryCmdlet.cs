using System;
using System.Management.Automation;
using AmazonVitals.Client;
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
    /// <summary>The metric set: crashMetricSet, anrMetricSet, lmkMetricSet, or any name the server knows.</summary>
    [Parameter(Mandatory = true, Position = 1)]
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
    private protected MetricQuery BuildQuery(string package)
    {
        var period = ParseEnum<AggregationPeriod>(AggregationPeriod);
        var daily = period == Client.Model.AggregationPeriod.Daily;
        return new(package, MetricSet)
        {
            Period = period,
            Start = ToUtc(StartTime, "-StartTime", wholeDates: daily),
            End = ToUtc(EndTime, "-EndTime", wholeDates: daily, isEnd: true),
            Metrics = Metric ?? Array.Empty<string>(),
            Dimensions = Dimension ?? Array.Empty<string>(),
            Filter = ToFilter(Filter),
            PageSize = PageSize,
        };
    }

    /// <summary>One line for -Verbose that says what the plan asks for.</summary>
    private protected static string Describe(QueryPlan plan) =>
        Messages.QueryPlanned(plan.MetricSet, plan.PackageName, plan.Period.ToString(), plan.Start, plan.End, plan.Schema.Dimensions.Count, plan.Schema.Metrics.Count, plan.PageSize);
}
