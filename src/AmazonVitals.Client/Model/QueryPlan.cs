using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>
/// A query with every decision made: the window in whole UTC dates as the API takes it, the
/// exact instants the rows must fall in, the page size and the row schema. Built once per query;
/// each page only adds its token.
/// </summary>
public sealed class QueryPlan
{
    internal QueryPlan(string packageName, string metricSet, AggregationPeriod period, DateTime start, DateTime end,
        DateTime startDate, DateTime endDate, RowSchema schema, IReadOnlyDictionary<string, IReadOnlyList<string>> filter,
        int pageSize, ReportType? reportType)
    {
        PackageName = packageName;
        MetricSet = metricSet;
        Period = period;
        Start = start;
        End = end;
        StartDate = startDate;
        EndDate = endDate;
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
    /// <summary>The first UTC date sent to the API.</summary>
    public DateTime StartDate { get; }
    /// <summary>The exclusive end date sent to the API.</summary>
    public DateTime EndDate { get; }
    public RowSchema Schema { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filter { get; }
    public int PageSize { get; }
    /// <summary>Set for issues queries only.</summary>
    public ReportType? ReportType { get; }

    /// <summary>
    /// The API takes whole dates, so an Hourly query for part of a day is sent as whole days and
    /// the rows outside the instants asked for are dropped here.
    /// </summary>
    public bool NeedsRowFilter => Start != StartDate || End != EndDate;
}
