using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmazonVitals.Client.Model;
using AmazonVitals.Output;
using Xunit;
using static AmazonVitals.Module.Tests.RowTypesTests;

namespace AmazonVitals.Module.Tests;

/// <summary>
/// The table view of a set of columns: what shows in 120 columns and how wide (RowViewLayout), the
/// view PowerShell is given (RowViews.Definition), the widths taken from the first rows, and the
/// writer that holds those rows until the view is in place.
/// </summary>
public sealed class RowViewTests
{
    private static readonly string[] s_fiveDimensions = { "versionCode", "countryCode", "deviceModel", "deviceType", "osVersion" };

    private static readonly string[] s_eightMetrics =
    {
        "crashRate", "crashRate7dUserWeighted", "crashRate28dUserWeighted", "userPerceivedCrashRate",
        "userPerceivedCrashRate7dUserWeighted", "userPerceivedCrashRate28dUserWeighted", "crashCount", "distinctDevices",
    };

    private static int[] Lengths(IReadOnlyList<RowColumn> columns, params (string Name, int Length)[] longest) =>
        columns.Select(c => longest.FirstOrDefault(l => l.Name == c.Name).Length).ToArray();

    private static string[] Names(RowViewLayout layout) => layout.Shown.Select(c => c.Column.Name).ToArray();

    [Fact]
    public void Shows_StartTime_then_every_dimension_then_the_metrics_and_leaves_out_the_fixed_text_columns()
    {
        var columns = Columns(new[] { "versionCode", "countryCode" }, new[] { "crashRate", "crashCount" });
        var layout = RowViewLayout.Choose(columns, Lengths(columns, ("versionCode", 3), ("countryCode", 2), ("crashCount", 3)));
        Assert.Equal(new[] { "StartTime", "versionCode", "countryCode", "crashRate", "crashCount" }, Names(layout));
        Assert.Equal(0, layout.Hidden);
    }

    [Fact]
    public void A_dimension_is_as_wide_as_its_longest_value_or_its_name_and_never_wider_than_the_cap()
    {
        var columns = Columns(new[] { "deviceType", "countryCode", "free" }, new[] { "crashRate" });
        var layout = RowViewLayout.Choose(columns, Lengths(columns, ("deviceType", 14), ("countryCode", 2), ("free", 200)));
        Assert.Equal(new[] { RowViewLayout.TimeWidth, 14, 11, RowViewLayout.MaxDimensionWidth, 9 }, layout.Shown.Select(c => c.Width));
    }

    [Fact]
    public void A_rate_is_as_wide_as_a_percentage_or_its_name_and_a_count_as_its_longest_value_or_its_name()
    {
        var columns = Columns(Array.Empty<string>(), new[] { "x", "crashRate", "crashCount" });
        var layout = RowViewLayout.Choose(columns, Lengths(columns, ("crashCount", 12)));
        Assert.Equal(new[] { RowViewLayout.TimeWidth, RowViewLayout.RateWidth, 9, 12 }, layout.Shown.Select(c => c.Width));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Eight_metrics_fit_in_120_columns_with_every_dimension_shown(int dimensions)
    {
        var columns = Columns(s_fiveDimensions.Take(dimensions).ToArray(), s_eightMetrics);
        var layout = RowViewLayout.Choose(columns, Lengths(columns, ("versionCode", 3), ("countryCode", 2), ("deviceModel", 7), ("deviceType", 14), ("osVersion", 7), ("crashCount", 4), ("distinctDevices", 6)));
        Assert.True(layout.LineWidth <= RowViewLayout.Width, layout.LineWidth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var names = Names(layout);
        Assert.Equal(new[] { "StartTime" }.Concat(s_fiveDimensions.Take(dimensions)), names.Take(1 + dimensions));
        var metrics = names.Skip(1 + dimensions).ToArray();
        Assert.NotEmpty(metrics);
        // In the order asked for, and what is left out is counted.
        Assert.Equal(s_eightMetrics.Where(metrics.Contains), metrics);
        Assert.Equal(8 - metrics.Length, layout.Hidden);
    }

    [Fact]
    public void A_metric_that_does_not_fit_is_skipped_for_a_narrower_one_after_it()
    {
        var columns = Columns(new[] { "versionCode", "countryCode" }, s_eightMetrics);
        var layout = RowViewLayout.Choose(columns, Lengths(columns, ("crashCount", 3), ("distinctDevices", 5)));
        var names = Names(layout);
        Assert.DoesNotContain("userPerceivedCrashRate7dUserWeighted", names);
        Assert.Contains("crashCount", names);
        Assert.Equal(layout.LineWidth, layout.Shown.Sum(c => c.Width) + layout.Shown.Count - 1);
    }

    [Fact]
    public void Widening_keeps_the_longer_of_each_column_and_covers_only_what_is_no_wider()
    {
        var columns = Columns(new[] { "deviceModel" }, new[] { "crashCount" });
        var narrow = RowViewLayout.Choose(columns, Lengths(columns, ("deviceModel", 5), ("crashCount", 12)));
        var wide = narrow.Widen(columns, Lengths(columns, ("deviceModel", 20), ("crashCount", 3)));
        Assert.Equal(new[] { RowViewLayout.TimeWidth, 20, 12 }, wide.Shown.Select(c => c.Width));
        Assert.True(wide.Covers(narrow));
        Assert.False(narrow.Covers(wide));
        Assert.True(narrow.Covers(narrow.Widen(columns, Lengths(columns, ("deviceModel", 3)))));
    }

    [Fact]
    public void The_definition_is_a_table_for_the_type_name_grouped_by_package_with_a_header_per_shown_column()
    {
        var columns = Columns(new[] { "device'Model" }, new[] { "crashRate", "crashCount" });
        var layout = RowViewLayout.Choose(columns, Lengths(columns, ("device'Model", 5), ("crashCount", 3)));
        var definition = RowViews.Definition("AmazonVitals.MetricRow#0123456789abcdef", layout);
        Assert.Equal("AmazonVitals.MetricRow#0123456789abcdef", definition.TypeName);
        var table = Assert.IsType<TableControl>(Assert.Single(definition.FormatViewDefinition).Control);
        Assert.Equal("PackageName", table.GroupBy.Expression.Value);
        Assert.Equal(new[] { "StartTime (UTC)", "device'Model", "crashRate", "crashCount" }, table.Headers.Select(h => h.Label));
        Assert.Equal(layout.Shown.Select(c => c.Width), table.Headers.Select(h => h.Width));
        Assert.Equal(new[] { Alignment.Left, Alignment.Left, Alignment.Right, Alignment.Right }, table.Headers.Select(h => h.Alignment));
        var items = Assert.Single(table.Rows).Columns.Select(c => c.DisplayEntry).ToArray();
        Assert.Equal(DisplayEntryValueType.ScriptBlock, items[0].ValueType);
        Assert.Equal(DisplayEntryValueType.Property, items[1].ValueType);
        Assert.Equal("device'Model", items[1].Value);
        // A rate as a percentage, the name quoted so any name is safe in the script.
        Assert.Equal(DisplayEntryValueType.ScriptBlock, items[2].ValueType);
        Assert.Contains("'{0:0.000}%' -f (100 * $v)", items[2].Value, StringComparison.Ordinal);
        Assert.Contains("$_.'crashRate'", items[2].Value, StringComparison.Ordinal);
        Assert.Equal("crashCount", items[3].Value);
        // The quote in a name is doubled where a script names it.
        var quoted = RowViews.Definition("t", RowViewLayout.Choose(Columns(Array.Empty<string>(), new[] { "it'sRate" }), new int[5]));
        var rate = ((TableControl)quoted.FormatViewDefinition[0].Control).Rows[0].Columns[1].DisplayEntry.Value;
        Assert.Contains("$_.'it''sRate'", rate, StringComparison.Ordinal);
    }

    [Fact]
    public void The_widths_come_from_the_values_of_typed_rows_and_PSObjects_alike()
    {
        var columns = Columns(new[] { "deviceModel" }, new[] { "crashRate", "crashCount" });
        var factory = RowTypes.For(columns, out _)!;
        var typed = factory(DateTime.UtcNow, new string?[] { "p", "s", "Daily", null, "AFTKRT", null, null }, new long[] { 0, 0, 0, 0, 0, 0, 12345 }, new double[7], new[] { false, false, false, false, false, true, true });
        var plain = new PSObject();
        plain.Properties.Add(new PSNoteProperty("deviceModel", "KFTRPWI-LONG"));
        plain.Properties.Add(new PSNoteProperty("crashCount", 7L));
        Assert.Equal(new[] { 0, 0, 0, 0, 12, 0, 5 }, RowViews.Longest(columns, new object[] { typed, plain }));
    }

    [Fact]
    public void The_first_rows_are_held_until_the_view_is_shown_then_written_in_order_and_the_rest_go_straight_through()
    {
        var written = new List<object>();
        var shown = new List<IReadOnlyList<object>>();
        var writer = new FirstRowsWriter(written.Add);
        writer.Write("before"); // not opened yet: straight through (a total count, say)
        writer.Open(rows => { Assert.Single(written); shown.Add(rows.ToArray()); });
        for (var i = 0; i < FirstRowsWriter.Held - 1; i++)
            writer.Write(i);
        Assert.Single(written);
        writer.Write(FirstRowsWriter.Held - 1);
        Assert.Single(shown);
        Assert.Equal(Enumerable.Range(0, FirstRowsWriter.Held).Cast<object>(), shown[0]);
        writer.Write("after");
        writer.Flush();
        Assert.Single(shown);
        Assert.Equal(new object[] { "before" }.Concat(Enumerable.Range(0, FirstRowsWriter.Held).Cast<object>()).Append("after"), written);
    }

    [Fact]
    public void A_short_first_page_is_shown_and_written_when_flushed_and_no_rows_show_nothing()
    {
        var written = new List<object>();
        var shown = 0;
        var writer = new FirstRowsWriter(written.Add);
        writer.Open(rows => shown += rows.Count);
        writer.Write("a");
        writer.Write("b");
        Assert.Empty(written);
        writer.Flush();
        Assert.Equal(2, shown);
        Assert.Equal(new object[] { "a", "b" }, written);

        var empty = new FirstRowsWriter(written.Add);
        empty.Open(_ => shown = -1);
        empty.Flush();
        Assert.Equal(2, shown);
    }
}
