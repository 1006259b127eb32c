using System;
using System.Collections.Generic;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Output;

/// <summary>
/// What the table view of one set of columns shows, and how wide: StartTime, every dimension as a
/// column as wide as its longest value (or its name), then the metrics in the order asked for that
/// fit in <see cref="Width"/> columns, each one that does not fit skipped for the next. PackageName heads each group; MetricSet and
/// AggregationPeriod, the same on every row, and the metrics that do not fit are left to
/// Format-List * and Select-Object (the help says so). Pure: no PowerShell, so it is unit-tested.
/// </summary>
internal sealed class RowViewLayout
{
    /// <summary>The console width the view is made for: it reads at 120 columns, whatever the query.</summary>
    public const int Width = 120;
    /// <summary>yyyy-MM-dd HH:mm</summary>
    public const int TimeWidth = 16;
    /// <summary>A rate as a percentage with three decimals, up to 100.000%.</summary>
    public const int RateWidth = 8;
    /// <summary>A dimension column is never wider than this: a long value is cut with an ellipsis rather than pushing the metrics out.</summary>
    public const int MaxDimensionWidth = 24;

    private RowViewLayout(IReadOnlyList<ViewColumn> shown, int hidden, int[] longest)
    {
        Shown = shown;
        Hidden = hidden;
        Longest = longest;
    }

    /// <summary>The columns shown, in order, each with its width.</summary>
    public IReadOnlyList<ViewColumn> Shown { get; }

    /// <summary>How many dimensions and metrics the view leaves out.</summary>
    public int Hidden { get; }

    /// <summary>The longest value seen per row column (the input, kept to merge with later samples).</summary>
    public IReadOnlyList<int> Longest { get; }

    /// <summary>The width of a table line: the columns and one space between each two.</summary>
    public int LineWidth
    {
        get
        {
            var width = Shown.Count - 1;
            foreach (var column in Shown)
                width += column.Width;
            return width;
        }
    }

    /// <summary>
    /// The layout for <paramref name="columns"/> (a row's columns, fixed ones first) whose values
    /// were at most <paramref name="longest"/>[i] characters long as text (0 where none was seen).
    /// </summary>
    public static RowViewLayout Choose(IReadOnlyList<RowColumn> columns, IReadOnlyList<int> longest)
    {
        if (longest.Count != columns.Count)
            throw new ArgumentException("One length per column.", nameof(longest));
        var shown = new List<ViewColumn>();
        var used = -1; // no space before the first column
        var hidden = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            int width;
            if (column.IsFixed)
            {
                if (column.Kind != ColumnKind.Time)
                    continue;
                width = TimeWidth;
            }
            else if (column.Kind == ColumnKind.Text)
                width = Math.Min(MaxDimensionWidth, Math.Max(column.Name.Length, longest[i]));
            else if (column.Kind == ColumnKind.Rate)
                width = Math.Max(column.Name.Length, RateWidth);
            else
                width = Math.Max(column.Name.Length, Math.Max(1, longest[i]));
            // A column that does not fit is left out and the next one tried: a long-named rate
            // (crashRate28dUserWeighted) leaves room for a short count after it.
            if (used + 1 + width > Width)
            {
                hidden++;
                continue;
            }
            shown.Add(new ViewColumn(column, width));
            used += 1 + width;
        }
        var kept = new int[longest.Count];
        for (var i = 0; i < kept.Length; i++)
            kept[i] = longest[i];
        return new RowViewLayout(shown, hidden, kept);
    }

    /// <summary>The layout for the longer of each column's values in this layout's sample and <paramref name="longest"/>.</summary>
    public RowViewLayout Widen(IReadOnlyList<RowColumn> columns, IReadOnlyList<int> longest)
    {
        var merged = new int[Longest.Count];
        for (var i = 0; i < merged.Length; i++)
            merged[i] = Math.Max(Longest[i], longest[i]);
        return Choose(columns, merged);
    }

    /// <summary>True when <paramref name="other"/> shows the same columns, none of them wider: this one serves its rows as well.</summary>
    public bool Covers(RowViewLayout other)
    {
        if (other.Shown.Count != Shown.Count)
            return false;
        for (var i = 0; i < Shown.Count; i++)
        {
            if (!string.Equals(other.Shown[i].Column.Name, Shown[i].Column.Name, StringComparison.Ordinal) || other.Shown[i].Width > Shown[i].Width)
                return false;
        }
        return true;
    }
}

/// <summary>A column of a row view: the row column it shows, and its width in characters.</summary>
internal readonly struct ViewColumn
{
    public ViewColumn(RowColumn column, int width)
    {
        Column = column;
        Width = width;
    }

    public RowColumn Column { get; }
    public int Width { get; }
}
