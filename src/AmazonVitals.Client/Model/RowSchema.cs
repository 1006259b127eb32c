using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Model;

/// <summary>
/// The columns of every row of one query, fixed before the first page arrives, and the one model of
/// a metric row's columns: the fixed columns (<see cref="RowColumn.MetricRowFixed"/>), then the
/// dimensions in the order asked for, then the metrics (<see cref="RowColumns"/>), each with its
/// kind and CLR type. The row objects, the file writers and the row classes all take their columns
/// from here. Every row of a query has the same columns in the same order, so Export-Csv never
/// drops one. Names and kinds are resolved here once per query, not once per row.
/// </summary>
public sealed class RowSchema
{
    private readonly byte[][] _utf8Names;

    private readonly ColumnKind[] _kinds;

    public RowSchema(IReadOnlyList<string> dimensions, IReadOnlyList<string> metrics)
        : this(RowColumn.MetricRowFixed, dimensions, metrics)
    {
    }

    /// <summary>With other fixed columns than AmazonVitals.MetricRow's (tests: a fixed column added in one place reaches every writer).</summary>
    internal RowSchema(IReadOnlyList<RowColumn> fixedColumns, IReadOnlyList<string> dimensions, IReadOnlyList<string> metrics)
    {
        Dimensions = dimensions;
        Metrics = metrics;
        var columns = new List<string>(dimensions.Count + metrics.Count);
        columns.AddRange(dimensions);
        columns.AddRange(metrics);
        Columns = columns;
        _utf8Names = new byte[columns.Count][];
        _kinds = new ColumnKind[columns.Count];
        var rowColumns = new List<RowColumn>(fixedColumns.Count + columns.Count);
        foreach (var column in fixedColumns)
        {
            if (!column.IsFixed)
                throw new ArgumentException("Not a fixed column: " + column.Name, nameof(fixedColumns));
            rowColumns.Add(column);
        }
        for (var i = 0; i < columns.Count; i++)
        {
            _utf8Names[i] = Encoding.UTF8.GetBytes(columns[i]);
            _kinds[i] = i < dimensions.Count ? ColumnKind.Text : KnownMetricSets.IsCount(columns[i]) ? ColumnKind.Count : ColumnKind.Rate;
            rowColumns.Add(RowColumn.Data(columns[i], _kinds[i], i));
        }
        FixedCount = fixedColumns.Count;
        RowColumns = rowColumns;
    }

    public IReadOnlyList<string> Dimensions { get; }
    public IReadOnlyList<string> Metrics { get; }
    /// <summary>Dimensions then metrics: the index space of <see cref="MetricRowReader"/>.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Every column of a row, in order: the fixed columns, then <see cref="Columns"/>.</summary>
    public IReadOnlyList<RowColumn> RowColumns { get; }

    /// <summary>How many of <see cref="RowColumns"/> are fixed: they come first, so data column i is row column FixedCount + i.</summary>
    public int FixedCount { get; }

    /// <summary>What a column of <see cref="Columns"/> holds: dimensions are text, metrics are counts (Int64) or rates (Double).</summary>
    public ColumnKind KindOf(int column) => _kinds[column];

    /// <summary>
    /// <see cref="KindOf"/> for every column of <see cref="Columns"/>, as an array of the caller's own
    /// to index in a hot loop (copied once per query, never written by the schema).
    /// </summary>
    public ColumnKind[] CopyKinds() => (ColumnKind[])_kinds.Clone();

    /// <summary>The same array, shared, for the client's own readers.</summary>
    internal ColumnKind[] Kinds => _kinds;

    /// <summary>The column a dimension name maps to, or -1.</summary>
    [MethodImpl(HotPath.Optimized)]
    internal int DimensionIndex(ReadOnlySpan<byte> utf8Name) => Find(utf8Name, 0, Dimensions.Count);

    /// <summary>The column of a dimension named <paramref name="name"/> (compared as <paramref name="comparison"/> says), or -1.</summary>
    internal int DimensionIndex(string name, StringComparison comparison)
    {
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (string.Equals(Dimensions[i], name, comparison))
                return i;
        }
        return -1;
    }

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
    /// <summary>A row's period start: a UTC DateTime (the fixed StartTime column; never a dimension or metric).</summary>
    Time,
}
