using System;
using System.Collections.Generic;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Tests.Client;

/// <summary>One row of a rate query, held: its period start and one value per schema column (see <see cref="HeldRows.ReadRows"/>).</summary>
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

/// <summary>Pages read whole into held rows: for tests' small pages; the module reads rows with <see cref="MetricPage.OpenRows"/>.</summary>
public static class HeldRows
{
    /// <summary>Every row of the page, with boxed values.</summary>
    public static List<MetricRow> ReadRows(this MetricPage page)
    {
        var rows = new List<MetricRow>(page.Count);
        using var reader = page.OpenRows();
        while (reader.Read())
            rows.Add(reader.ToRow());
        return rows;
    }

    /// <summary>The reader's current row, held.</summary>
    public static MetricRow ToRow(this MetricRowReader reader)
    {
        var values = new object?[reader.Schema.Columns.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = reader.GetValue(i);
        return new MetricRow(reader.StartTime, values);
    }
}
