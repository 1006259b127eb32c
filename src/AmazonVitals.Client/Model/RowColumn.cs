using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>
/// One column of a metric row as users see it (the row objects' properties, the export files'
/// columns), made only by <see cref="RowSchema"/>: its name, what it holds and the CLR type the row
/// objects give it. A fixed column (<see cref="IsFixed"/>) has the same value on every row of a
/// query, except a <see cref="ColumnKind.Time"/> column, which is the row's UTC period start; a data
/// column is one of the query's dimensions or metrics.
/// </summary>
public sealed class RowColumn
{
    private readonly Func<QueryPlan, string>? _text;

    private RowColumn(string name, ColumnKind kind, int dataIndex, Func<QueryPlan, string>? text)
    {
        Name = name;
        Kind = kind;
        DataIndex = dataIndex;
        _text = text;
    }

    public string Name { get; }
    public ColumnKind Kind { get; }
    /// <summary>The row objects' property type: string, DateTime (UTC), long? for counts, double? for rates.</summary>
    public Type ClrType => ClrTypeOf(Kind);
    /// <summary>The column's index in <see cref="RowSchema.Columns"/> (what a row reader is asked for), or -1 for a fixed column.</summary>
    public int DataIndex { get; }
    public bool IsFixed => DataIndex < 0;

    /// <summary>A fixed text column: the same value on every row of a query, taken from its plan.</summary>
    internal static RowColumn FixedText(string name, Func<QueryPlan, string> value) => new(name, ColumnKind.Text, -1, value);

    /// <summary>The fixed time column: each row's period start, a UTC DateTime.</summary>
    public static RowColumn FixedTime(string name) => new(name, ColumnKind.Time, -1, null);

    /// <summary>A dimension or metric column: <paramref name="dataIndex"/> is its place among them.</summary>
    public static RowColumn Data(string name, ColumnKind kind, int dataIndex) => new(name, kind, dataIndex, null);

    /// <summary>A fixed text column's value for every row of <paramref name="plan"/>; null for any other column.</summary>
    public string? FixedTextOf(QueryPlan plan) => _text?.Invoke(plan);

    private static Type ClrTypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Count => typeof(long?),
        ColumnKind.Rate => typeof(double?),
        ColumnKind.Time => typeof(DateTime),
        _ => typeof(string),
    };

    /// <summary>
    /// The fixed columns of AmazonVitals.MetricRow, in order, before every query's dimensions and
    /// metrics. The one list of them: add a column here and the row objects, the CSV and the JSON
    /// Lines files all have it.
    /// </summary>
    internal static IReadOnlyList<RowColumn> MetricRowFixed { get; } = new[]
    {
        FixedText(FixedColumns.PackageName, plan => plan.PackageName),
        FixedText(FixedColumns.MetricSet, plan => plan.MetricSet),
        FixedText(FixedColumns.AggregationPeriod, plan => plan.Period == AggregationPeriod.Daily ? "Daily" : "Hourly"),
        FixedTime(FixedColumns.StartTime),
    };
}
