using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>
/// A query with every decision made: the exact instants the rows must fall in, the page size and
/// the row schema. How the window is written on the wire (V1: whole UTC dates) is the wire
/// format's business. Built once per query; each page only adds its token.
/// </summary>
public sealed class QueryPlan
{
    internal QueryPlan(string packageName, string metricSet, AggregationPeriod period, DateTime start, DateTime end,
        RowSchema schema, IReadOnlyDictionary<string, IReadOnlyList<string>> filter, int pageSize, ReportType? reportType)
    {
        PackageName = packageName;
        MetricSet = metricSet;
        Period = period;
        Start = start;
        End = end;
        Schema = schema;
        Filter = filter;
        PageSize = pageSize;
        ReportType = reportType;
    }

    public string PackageName { get; }
    public string MetricSet { get; }
    public AggregationPeriod Period { get; }
    /// <summary>Inclusive UTC start of the rows wanted.</summary>
    public DateTime Start { get; }
    /// <summary>Exclusive UTC end of the rows wanted.</summary>
    public DateTime End { get; }
    public RowSchema Schema { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filter { get; }
    public int PageSize { get; }
    /// <summary>Set for issues queries only.</summary>
    public ReportType? ReportType { get; }

    /// <summary>The same plan with another page size.</summary>
    internal QueryPlan WithPageSize(int pageSize) =>
        new(PackageName, MetricSet, Period, Start, End, Schema, Filter, pageSize, ReportType);
}
