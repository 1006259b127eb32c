using System;
using System.Linq;
using System.Management.Automation;
using System.Text;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using AmazonVitals.Client.Wire.V1;
using AmazonVitals.Output;
using Xunit;

namespace AmazonVitals.Module.Tests;

/// <summary>
/// Rows of a real page made into objects: of the query's row class, or, where none can be made,
/// PSObjects with the same properties, values and type names (the fallback).
/// </summary>
public sealed class RowShaperTests
{
    private static readonly string[] s_columns =
        { "PackageName", "MetricSet", "AggregationPeriod", "StartTime", "versionCode", "countryCode", "crashRate", "crashCount" };

    private static QueryPlan Plan() => QueryPlanner.Plan(new MetricQuery("com.example.tvapp", KnownMetricSets.Crash)
    {
        Start = new DateTime(2026, 4, 24, 0, 0, 0, DateTimeKind.Utc),
        End = new DateTime(2026, 4, 26, 0, 0, 0, DateTimeKind.Utc),
        Metrics = new[] { "crashRate", "crashCount" },
        Dimensions = new[] { "versionCode", "countryCode" },
    }, null);

    private const string Body = """
        {"rows":[
          {"startTime":{"year":2026,"month":4,"day":25},
           "dimensions":[{"name":"versionCode","value":"151"},{"name":"countryCode","value":"US"}],
           "metrics":[{"name":"crashRate","value":"0.0142"},{"name":"crashCount","value":"771"}]},
          {"startTime":{"year":2026,"month":4,"day":24},
           "dimensions":[{"name":"countryCode","value":"CA"},{"name":"versionCode","value":"150"}],
           "metrics":[{"name":"crashRate","value":"0.5"}]}]}
        """;

    /// <summary>The page's rows, shaped by a new shaper for <paramref name="plan"/>.</summary>
    private static (MetricRowShaper Shaper, object[] Rows) Shape(QueryPlan plan)
    {
        var page = V1Parser.ReadMetricPage(plan, Encoding.UTF8.GetBytes(Body), new StringCache(), null);
        var shaper = new MetricRowShaper(plan);
        var reader = page.OpenRows();
        var rows = new object[page.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.True(reader.Read());
            rows[i] = shaper.Shape(reader);
        }
        return (shaper, rows);
    }

    private static (MetricRowShaper Shaper, object[] Rows) ShapeAsPSObjects(QueryPlan plan)
    {
        RowTypes.Disabled = true;
        try
        {
            return Shape(plan);
        }
        finally
        {
            RowTypes.Disabled = false;
        }
    }

    [Fact]
    public void Typed_rows_are_objects_of_the_row_class_with_the_page_values()
    {
        var plan = Plan();
        var (shaper, rows) = Shape(plan);
        Assert.Null(shaper.FallbackReason);
        Assert.Equal(RowTypes.TypeNameOf(plan.Schema.RowColumns), shaper.ViewTypeName);
        var row = Assert.IsAssignableFrom<MetricRow>(rows[0]);
        Assert.Equal(shaper.ViewTypeName, row.GetType().FullName);
        var values = PSObject.AsPSObject(rows[1]).Properties;
        Assert.Equal(s_columns, values.Select(p => p.Name));
        Assert.Equal(new object?[] { "com.example.tvapp", "crashMetricSet", "Daily", new DateTime(2026, 4, 24, 0, 0, 0, DateTimeKind.Utc), "150", "CA", 0.5, null },
            values.Select(p => p.Value));
    }

    [Fact]
    public void The_fallback_writes_PSObjects_with_the_same_properties_values_and_type_names()
    {
        var plan = Plan();
        var (_, typed) = Shape(plan);
        var (shaper, plain) = ShapeAsPSObjects(plan);
        Assert.Equal("turned off", shaper.FallbackReason);
        for (var i = 0; i < typed.Length; i++)
        {
            var p = Assert.IsType<PSObject>(plain[i]);
            Assert.IsNotAssignableFrom<MetricRow>(p.BaseObject);
            var t = PSObject.AsPSObject(typed[i]);
            Assert.Equal(t.Properties.Select(x => x.Name), p.Properties.Select(x => x.Name));
            Assert.Equal(t.Properties.Select(x => x.Value), p.Properties.Select(x => x.Value));
            // The same view and the same Export-Csv #TYPE line: the columns' name first, then the module's.
            Assert.Equal(shaper.ViewTypeName, p.TypeNames[0]);
            Assert.Equal(t.TypeNames[0], p.TypeNames[0]);
            Assert.Equal(MetricRowShaper.TypeName, p.TypeNames[1]);
        }
    }
}
