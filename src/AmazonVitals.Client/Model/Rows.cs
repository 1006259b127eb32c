using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>One row of a rate query: its period start and one value per schema column.</summary>
public readonly struct MetricRow
{
    public MetricRow(DateTime startTime, object?[] values)
    {
        StartTime = startTime;
        Values = values;
    }

    /// <summary>UTC; includes the hour for Hourly rows.</summary>
    public DateTime StartTime { get; }
    /// <summary>Per <see cref="RowSchema.Columns"/>: dimension values as strings, counts as boxed Int64, rates as boxed Double; null where the row has no value.</summary>
    public object?[] Values { get; }
}

/// <summary>One issue: a crash or ANR signature with its counts over the window.</summary>
public sealed class IssueRow
{
    public IssueRow(string? crashDescriptor, string? reportText, long? errorEventCount, long? affectedDeviceCount, string?[] dimensions)
    {
        CrashDescriptor = crashDescriptor;
        ReportText = reportText;
        ErrorEventCount = errorEventCount;
        AffectedDeviceCount = affectedDeviceCount;
        Dimensions = dimensions;
    }

    public string? CrashDescriptor { get; }
    public string? ReportText { get; }
    public long? ErrorEventCount { get; }
    public long? AffectedDeviceCount { get; }
    /// <summary>Per requested dimension, in the order asked for.</summary>
    public string?[] Dimensions { get; }
}

/// <summary>What every page has: its rows, the cursor to the next and the server's requestId.</summary>
public interface IPage
{
    string? NextPageToken { get; }
    string? RequestId { get; }
    int Count { get; }
}

/// <summary>One page of a rate query.</summary>
public sealed class MetricPage : IPage
{
    public MetricPage(IReadOnlyList<MetricRow> rows, string? nextPageToken, string? requestId)
    {
        Rows = rows;
        NextPageToken = nextPageToken;
        RequestId = requestId;
    }

    public IReadOnlyList<MetricRow> Rows { get; }
    public string? NextPageToken { get; }
    public string? RequestId { get; }
    public int Count => Rows.Count;
}

/// <summary>One page of an issues query.</summary>
public sealed class IssuePage : IPage
{
    public IssuePage(IReadOnlyList<IssueRow> rows, string? nextPageToken, string? requestId)
    {
        Rows = rows;
        NextPageToken = nextPageToken;
        RequestId = requestId;
    }

    public IReadOnlyList<IssueRow> Rows { get; }
    public string? NextPageToken { get; }
    public string? RequestId { get; }
    public int Count => Rows.Count;
}
