using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmazonVitals.Client.Model;
using AmazonVitals.Output;
using Xunit;

namespace AmazonVitals.Module.Tests;

/// <summary>
/// The row classes made per set of columns: their name (the view's key), base, properties and
/// types, the values the factory sets, the cache, and the switch to the PSObject fallback.
/// </summary>
public sealed class RowTypesTests
{
    internal static IReadOnlyList<RowColumn> Columns(string[] dimensions, string[] metrics) => new RowSchema(dimensions, metrics).RowColumns;

    private static readonly string[] s_dimensions = { "versionCode", "countryCode" };
    private static readonly string[] s_metrics = { "crashRate", "crashCount" };

    private static RowFactory Factory(IReadOnlyList<RowColumn> columns) =>
        RowTypes.For(columns, out var whyNot) ?? throw new InvalidOperationException("No row class: " + whyNot);

    private static MetricRow Row(IReadOnlyList<RowColumn> columns, DateTime start, string?[] text, long[] counts, double[] rates, bool[] present) =>
        Factory(columns)(start, text, counts, rates, present);

    [Fact]
    public void A_row_class_is_sealed_derives_from_MetricRow_and_is_named_for_its_columns()
    {
        var columns = Columns(s_dimensions, s_metrics);
        var type = Row(columns, DateTime.UtcNow, new string?[6 + 2], new long[8], new double[8], new bool[8]).GetType();
        Assert.True(type.IsSealed);
        Assert.Equal(typeof(MetricRow), type.BaseType);
        Assert.Equal(RowTypes.TypeNameOf(columns), type.FullName);
        Assert.Matches("^AmazonVitals\\.MetricRow#[0-9a-f]{16}$", type.FullName);
    }

    [Fact]
    public void PowerShell_sees_the_columns_name_first_then_AmazonVitals_MetricRow()
    {
        var columns = Columns(s_dimensions, s_metrics);
        var row = Row(columns, DateTime.UtcNow, new string?[8], new long[8], new double[8], new bool[8]);
        var names = PSObject.AsPSObject(row).TypeNames;
        Assert.Equal(RowTypes.TypeNameOf(columns), names[0]);
        Assert.Equal("AmazonVitals.MetricRow", names[1]);
        Assert.IsAssignableFrom<MetricRow>(row);
    }

    [Fact]
    public void The_type_name_is_the_same_for_the_same_columns_in_every_process_and_differs_for_other_columns()
    {
        var name = RowTypes.TypeNameOf(Columns(s_dimensions, s_metrics));
        Assert.Equal(name, RowTypes.TypeNameOf(Columns(new[] { "versionCode", "countryCode" }, new[] { "crashRate", "crashCount" })));
        // A fixed value: a name that changed from run to run (string.GetHashCode) would fail here,
        // and with it a view or an Export-Csv #TYPE line kept from an earlier session.
        Assert.Equal("AmazonVitals.MetricRow#eaf750af75cfa345", name);
        Assert.NotEqual(name, RowTypes.TypeNameOf(Columns(new[] { "countryCode", "versionCode" }, s_metrics)));
        Assert.NotEqual(name, RowTypes.TypeNameOf(Columns(s_dimensions, new[] { "crashRate" })));
        // The same name as a dimension and as a metric: the kind is part of the key.
        Assert.NotEqual(RowTypes.TypeNameOf(Columns(new[] { "crashCount" }, Array.Empty<string>())),
            RowTypes.TypeNameOf(Columns(Array.Empty<string>(), new[] { "crashCount" })));
        // Names are length-prefixed: no two lists of names can run together alike.
        Assert.NotEqual(RowTypes.TypeNameOf(Columns(new[] { "ab", "c" }, s_metrics)), RowTypes.TypeNameOf(Columns(new[] { "a", "bc" }, s_metrics)));
    }

    [Fact]
    public void Properties_are_the_columns_in_order_typed_by_kind()
    {
        var columns = Columns(s_dimensions, s_metrics);
        var type = Row(columns, DateTime.UtcNow, new string?[8], new long[8], new double[8], new bool[8]).GetType();
        var properties = type.GetProperties();
        Assert.Equal(new[] { "PackageName", "MetricSet", "AggregationPeriod", "StartTime", "versionCode", "countryCode", "crashRate", "crashCount" },
            properties.Select(p => p.Name));
        Assert.Equal(new[] { typeof(string), typeof(string), typeof(string), typeof(DateTime), typeof(string), typeof(string), typeof(double?), typeof(long?) },
            properties.Select(p => p.PropertyType));
        Assert.All(properties, p => Assert.True(p.CanWrite, p.Name));
    }

    [Fact]
    public void The_factory_sets_each_column_from_the_array_of_its_kind_and_leaves_an_absent_metric_null()
    {
        var columns = Columns(s_dimensions, s_metrics);
        var start = new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc);
        var text = new string?[] { "p", "crashMetricSet", "Daily", null, "151", "US", null, null };
        var counts = new long[] { 0, 0, 0, 0, 0, 0, 0, 42 };
        var rates = new double[] { 0, 0, 0, 0, 0, 0, 0.0125, 0 };
        var row = PSObject.AsPSObject(Row(columns, start, text, counts, rates, new[] { false, false, false, false, false, false, true, true }));
        Assert.Equal("p", row.Properties["PackageName"].Value);
        Assert.Equal("Daily", row.Properties["AggregationPeriod"].Value);
        Assert.Equal(start, row.Properties["StartTime"].Value);
        Assert.Equal("151", row.Properties["versionCode"].Value);
        Assert.Equal("US", row.Properties["countryCode"].Value);
        Assert.Equal(0.0125, row.Properties["crashRate"].Value);
        Assert.Equal(42L, row.Properties["crashCount"].Value);

        var absent = PSObject.AsPSObject(Row(columns, start, text, counts, rates, new bool[8]));
        Assert.Null(absent.Properties["crashRate"].Value);
        Assert.Null(absent.Properties["crashCount"].Value);
    }

    [Fact]
    public void A_row_in_a_string_reads_like_a_PSCustomObject()
    {
        var columns = Columns(new[] { "versionCode" }, new[] { "crashCount" });
        var row = Row(columns, new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc), new string?[] { "p", "s", "Daily", null, "151", null }, new long[] { 0, 0, 0, 0, 0, 3 }, new double[6], new[] { false, false, false, false, false, true });
        Assert.StartsWith("@{PackageName=p; MetricSet=s; AggregationPeriod=Daily; StartTime=", row.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("; versionCode=151; crashCount=3}", row.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_columns_reuse_their_class_and_other_columns_get_another()
    {
        var columns = Columns(new[] { "reuse-a" }, s_metrics);
        var first = Factory(columns);
        var made = RowTypes.Made;
        Assert.Same(first, Factory(Columns(new[] { "reuse-a" }, s_metrics)));
        Assert.Equal(made, RowTypes.Made);
        var other = Factory(Columns(new[] { "reuse-b" }, s_metrics));
        Assert.Equal(made + 1, RowTypes.Made);
        Assert.NotEqual(first.Method.DeclaringType, other.Method.DeclaringType);
    }

    [Fact]
    public void At_most_64_classes_are_kept_and_the_least_recently_used_goes_first()
    {
        IReadOnlyList<RowColumn> Nth(int i) => Columns(new[] { "kept-" + i }, s_metrics);
        var first = Factory(Nth(0));
        for (var i = 1; i <= 64; i++)
        {
            Factory(Nth(i));
            Assert.True(RowTypes.Held <= 64);
        }
        var made = RowTypes.Made;
        // The 64 after it pushed the first out: asking again makes it anew; the newest is still kept.
        Factory(Nth(64));
        Assert.Equal(made, RowTypes.Made);
        Assert.NotSame(first, Factory(Nth(0)));
        Assert.Equal(made + 1, RowTypes.Made);
        // Asking for a kept class makes it the most recently used: making the first anew pushed
        // out the least recently used (kept-1), not kept-64, which was asked for just before.
        Factory(Nth(64));
        Assert.Equal(made + 1, RowTypes.Made);
        Factory(Nth(1));
        Assert.Equal(made + 2, RowTypes.Made);
    }

    [Fact]
    public void Turned_off_no_class_is_made_and_the_reason_is_given()
    {
        RowTypes.Disabled = true;
        try
        {
            Assert.Null(RowTypes.For(Columns(s_dimensions, s_metrics), out var whyNot));
            Assert.Equal("turned off", whyNot);
        }
        finally
        {
            RowTypes.Disabled = false;
        }
        Assert.NotNull(RowTypes.For(Columns(s_dimensions, s_metrics), out _));
    }
}
