using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Model;

/// <summary>
/// The columns of every row of one query, fixed before the first page arrives: dimensions in the
/// order asked for, then metrics. Every row of a query has the same columns in the same order, so
/// Export-Csv never drops one. Names are resolved here once per query, not once per row.
/// </summary>
public sealed class RowSchema
{
    private readonly byte[][] _utf8Names;

    public RowSchema(IReadOnlyList<string> dimensions, IReadOnlyList<string> metrics)
    {
        Dimensions = dimensions;
        Metrics = metrics;
        var columns = new List<string>(dimensions.Count + metrics.Count);
        columns.AddRange(dimensions);
        columns.AddRange(metrics);
        Columns = columns;
        _utf8Names = new byte[columns.Count][];
        IsCount = new bool[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            _utf8Names[i] = Encoding.UTF8.GetBytes(columns[i]);
            IsCount[i] = i >= dimensions.Count && KnownMetricSets.IsCount(columns[i]);
        }
    }

    public IReadOnlyList<string> Dimensions { get; }
    public IReadOnlyList<string> Metrics { get; }
    /// <summary>Dimensions then metrics: the index space of <see cref="MetricRow.Values"/>.</summary>
    public IReadOnlyList<string> Columns { get; }
    /// <summary>Per column: a metric that holds a whole-number count (Int64) rather than a rate (Double).</summary>
    internal bool[] IsCount { get; }

    /// <summary>What a column holds: dimensions are text, metrics are counts (Int64) or rates (Double).</summary>
    public ColumnKind KindOf(int column) =>
        column < Dimensions.Count ? ColumnKind.Text : IsCount[column] ? ColumnKind.Count : ColumnKind.Rate;

    /// <summary>The column a dimension name maps to, or -1.</summary>
    [MethodImpl(HotPath.Optimized)]
    internal int DimensionIndex(ReadOnlySpan<byte> utf8Name) => Find(utf8Name, 0, Dimensions.Count);

    /// <summary>The column a metric name maps to, or -1.</summary>
    internal int MetricIndex(ReadOnlySpan<byte> utf8Name) => Find(utf8Name, Dimensions.Count, Columns.Count);

    /// <summary>True when <paramref name="utf8Name"/> is the name of <paramref name="column"/>.</summary>
    internal bool NameIs(int column, ReadOnlySpan<byte> utf8Name) => utf8Name.SequenceEqual(_utf8Names[column]);

    // A linear scan beats hashing for the handful of columns a query has.
    private int Find(ReadOnlySpan<byte> name, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (name.SequenceEqual(_utf8Names[i]))
                return i;
        }
        return -1;
    }
}

/// <summary>The type of a column's values.</summary>
public enum ColumnKind
{
    /// <summary>A dimension: a string.</summary>
    Text,
    /// <summary>A metric that counts (events, devices): an Int64.</summary>
    Count,
    /// <summary>Any other metric (rates, percentiles): a Double.</summary>
    Rate,
}
