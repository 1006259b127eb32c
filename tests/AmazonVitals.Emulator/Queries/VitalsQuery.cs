using System;
using System.Collections.Generic;
using AmazonVitals.Emulator.Data;

namespace AmazonVitals.Emulator.Queries;

public enum Period
{
    Daily,
    Hourly,
}

/// <summary>A validated query: rate-set queries and issuesMetricSet queries share this one shape.</summary>
public sealed class VitalsQuery
{
    public required string Package { get; init; }

    public required MetricSetInfo Set { get; init; }

    public Period Period { get; init; }

    /// <summary>Inclusive first date.</summary>
    public DateOnly Start { get; init; }

    /// <summary>Exclusive last date.</summary>
    public DateOnly End { get; init; }

    /// <summary>Metrics in the order they are written in each row.</summary>
    public required IReadOnlyList<MetricInfo> Metrics { get; init; }

    /// <summary>Requested dimensions as indexes into <see cref="Catalog.Dimensions"/>, in request order.</summary>
    public required int[] Dimensions { get; init; }

    /// <summary>Per catalog dimension: null when unfiltered, else the allowed value indexes in catalog order.</summary>
    public required int[]?[] Filter { get; init; }

    /// <summary>CRASH or ANR for issuesMetricSet; null for rate sets.</summary>
    public string? ReportType { get; init; }

    public int PageSize { get; init; } = QueryParser.DefaultPageSize;

    public long Offset { get; init; }

    public string? PageToken { get; init; }

    /// <summary>The query minus paging; the page token is bound to its hash.</summary>
    public required string Canonical { get; init; }

    public bool IsIssues => Set.Kind == MetricSetKind.Issues;
}
