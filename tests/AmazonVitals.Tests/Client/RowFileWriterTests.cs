using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Export;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using AmazonVitals.Client.Wire.V1;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>The file writers of Export-VitalsData: pure logic over a MemoryStream.</summary>
public sealed class RowFileWriterTests
{
    private static QueryPlan Plan(string package = "com.example.tvapp") =>
        QueryPlanner.Plan(new MetricQuery(package, "crashMetricSet")
        {
            Start = new DateTime(2026, 4, 20, 0, 0, 0, DateTimeKind.Utc),
            End = new DateTime(2026, 4, 21, 0, 0, 0, DateTimeKind.Utc),
            Dimensions = new[] { "versionCode", "deviceModel" },
            Metrics = new[] { "crashRate", "crashCount" },
        }, freshness: null);

    /// <summary>A row as the writers get it: read from a checked page's bytes.</summary>
    private static MetricRowReader Row(string model, double? rate, long? count, QueryPlan? plan = null)
    {
        var metrics = new List<string>();
        if (rate is { } r)
            metrics.Add("""{"name":"crashRate","value":"%"}""".Replace("%", r.ToString("R", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        if (count is { } c)
            metrics.Add("""{"name":"crashCount","value":"%"}""".Replace("%", c.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var json = """{"rows":[{"startTime":{"year":2026,"month":4,"day":20,"hours":13},"dimensions":[{"name":"versionCode","value":"151"},{"name":"deviceModel","value":MODEL}],"metrics":[METRICS]}]}"""
            .Replace("MODEL", JsonSerializer.Serialize(model), StringComparison.Ordinal)
            .Replace("METRICS", string.Join(",", metrics), StringComparison.Ordinal);
        var rows = V1Parser.ReadMetricPage(plan ?? Plan(), Encoding.UTF8.GetBytes(json), new StringCache(), null).OpenRows();
        Assert.True(rows.Read());
        return rows;
    }

    private static string[] Lines(MemoryStream stream) =>
        Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n').Split('\n');

    [Fact]
    public void Csv_has_the_columns_of_Invoke_VitalsQuery_and_quotes_every_field()
    {
        using var stream = new MemoryStream();
        using (var writer = RowFileWriter.Create(ExportFormat.Csv, stream))
        {
            writer.Begin(Plan());
            writer.Write(Row("AFTMM", 0.0142, 54320));
        }
        var lines = Lines(stream);
        Assert.Equal("\"PackageName\",\"MetricSet\",\"AggregationPeriod\",\"StartTime\",\"versionCode\",\"deviceModel\",\"crashRate\",\"crashCount\"", lines[0]);
        Assert.Equal("\"com.example.tvapp\",\"crashMetricSet\",\"Daily\",\"2026-04-20T13:00:00Z\",\"151\",\"AFTMM\",\"0.0142\",\"54320\"", lines[1]);
    }

    [Fact]
    public void Csv_writes_each_row_its_own_time_when_times_repeat_and_change()
    {
        var hourly = QueryPlanner.Plan(new MetricQuery("com.example.tvapp", "crashMetricSet")
        {
            Period = AggregationPeriod.Hourly,
            Start = new DateTime(2026, 4, 20, 0, 0, 0, DateTimeKind.Utc),
            End = new DateTime(2026, 4, 21, 0, 0, 0, DateTimeKind.Utc),
            Metrics = new[] { "crashCount" },
        }, freshness: null);
        string Hour(int h) => """{"startTime":{"year":2026,"month":4,"day":20,"hours":H},"metrics":[{"name":"crashCount","value":"1"}]}""".Replace("H", h.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var json = """{"rows":[""" + string.Join(",", Hour(13), Hour(13), Hour(14), Hour(13)) + "]}";
        using var stream = new MemoryStream();
        using (var writer = RowFileWriter.Create(ExportFormat.Csv, stream))
        {
            writer.Begin(hourly);
            using var rows = V1Parser.ReadMetricPage(hourly, Encoding.UTF8.GetBytes(json), new StringCache(), null).OpenRows();
            while (rows.Read())
                writer.Write(rows);
        }
        Assert.Equal(new[] { "13", "13", "14", "13" }, Lines(stream).Skip(1).Select(l => l.Split(',')[3].Substring(12, 2)));
    }

    [Fact]
    public void Csv_doubles_quotes_keeps_unicode_and_leaves_missing_values_empty()
    {
        using var stream = new MemoryStream();
        using (var writer = RowFileWriter.Create(ExportFormat.Csv, stream))
        {
            writer.Begin(Plan());
            writer.Write(Row("Fire \"Max\" 11 – Ü", null, null));
        }
        Assert.Equal("\"com.example.tvapp\",\"crashMetricSet\",\"Daily\",\"2026-04-20T13:00:00Z\",\"151\",\"Fire \"\"Max\"\" 11 – Ü\",\"\",\"\"", Lines(stream)[1]);
    }

    [Fact]
    public void Csv_numbers_are_invariant_under_a_comma_decimal_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            using var stream = new MemoryStream();
            using (var writer = RowFileWriter.Create(ExportFormat.Csv, stream))
            {
                writer.Begin(Plan());
                writer.Write(Row("AFTMM", 1234.5678, 1));
            }
            Assert.Contains("\"1234.5678\"", Lines(stream)[1], StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Csv_writes_one_header_for_several_packages_and_a_new_one_after_the_file_is_cut_back()
    {
        using var stream = new MemoryStream();
        var writer = RowFileWriter.Create(ExportFormat.Csv, stream);
        writer.Begin(Plan("a"));
        writer.Write(Row("X", 0.1, 1));
        writer.Begin(Plan("b"));
        writer.Write(Row("Y", 0.2, 2));
        writer.Flush();
        Assert.Equal(3, Lines(stream).Length);
        stream.SetLength(0);
        writer.Begin(Plan("c"));
        writer.Write(Row("Z", 0.3, 3));
        writer.Flush();
        var lines = Lines(stream);
        Assert.StartsWith("\"PackageName\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("\"c\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_refuses_a_second_query_with_other_columns()
    {
        using var stream = new MemoryStream();
        using var writer = RowFileWriter.Create(ExportFormat.Csv, stream);
        writer.Begin(Plan());
        writer.Write(Row("X", 0.1, 1));
        var other = QueryPlanner.Plan(new MetricQuery("b", "crashMetricSet")
        {
            Start = new DateTime(2026, 4, 20, 0, 0, 0, DateTimeKind.Utc),
            End = new DateTime(2026, 4, 21, 0, 0, 0, DateTimeKind.Utc),
            Metrics = new[] { "crashRate" },
        }, freshness: null);
        var e = Assert.Throws<VitalsException>(() => writer.Begin(other));
        Assert.Equal("ColumnsDiffer", e.ErrorId);
    }

    /// <summary>
    /// The plan of <see cref="Plan"/> with one more fixed column, "Region", between MetricSet and
    /// AggregationPeriod: declared in the schema's fixed column list and nowhere else.
    /// </summary>
    private static QueryPlan PlanWithRegion()
    {
        var plan = Plan();
        var fixedColumns = new List<RowColumn>(RowColumn.MetricRowFixed);
        fixedColumns.Insert(2, RowColumn.FixedText("Region", p => p.PackageName.EndsWith("tvapp", StringComparison.Ordinal) ? "EU \"west\"" : "US"));
        var schema = new RowSchema(fixedColumns, plan.Schema.Dimensions, plan.Schema.Metrics);
        return new QueryPlan(plan.PackageName, plan.MetricSet, plan.Period, plan.Start, plan.End, schema, plan.Filter, plan.PageSize, plan.ReportType);
    }

    [Fact]
    public void A_fixed_column_added_to_the_schema_reaches_the_csv_header_and_rows_in_its_place()
    {
        var plan = PlanWithRegion();
        Assert.Equal(5, plan.Schema.FixedCount);
        Assert.Equal(new[] { typeof(string), typeof(string), typeof(string), typeof(string), typeof(DateTime), typeof(string), typeof(string), typeof(double?), typeof(long?) },
            plan.Schema.RowColumns.Select(c => c.ClrType));
        using var stream = new MemoryStream();
        using (var writer = RowFileWriter.Create(ExportFormat.Csv, stream))
        {
            writer.Begin(plan);
            writer.Write(Row("AFTMM", 0.0142, 54320, plan));
            writer.Write(Row("AFTKA", null, null, plan));
        }
        var lines = Lines(stream);
        Assert.Equal("\"PackageName\",\"MetricSet\",\"Region\",\"AggregationPeriod\",\"StartTime\",\"versionCode\",\"deviceModel\",\"crashRate\",\"crashCount\"", lines[0]);
        Assert.Equal("\"com.example.tvapp\",\"crashMetricSet\",\"EU \"\"west\"\"\",\"Daily\",\"2026-04-20T13:00:00Z\",\"151\",\"AFTMM\",\"0.0142\",\"54320\"", lines[1]);
        Assert.Equal("\"com.example.tvapp\",\"crashMetricSet\",\"EU \"\"west\"\"\",\"Daily\",\"2026-04-20T13:00:00Z\",\"151\",\"AFTKA\",\"\",\"\"", lines[2]);
    }

    [Fact]
    public void A_fixed_column_added_to_the_schema_reaches_json_lines_in_its_place()
    {
        var plan = PlanWithRegion();
        using var stream = new MemoryStream();
        using (var writer = RowFileWriter.Create(ExportFormat.JsonLines, stream))
        {
            writer.Begin(plan);
            writer.Write(Row("AFTMM", 0.0142, 54320, plan));
        }
        Assert.Equal(
            "{\"PackageName\":\"com.example.tvapp\",\"MetricSet\":\"crashMetricSet\",\"Region\":\"EU \\u0022west\\u0022\",\"AggregationPeriod\":\"Daily\",\"StartTime\":\"2026-04-20T13:00:00Z\",\"versionCode\":\"151\",\"deviceModel\":\"AFTMM\",\"crashRate\":0.0142,\"crashCount\":54320}",
            Assert.Single(Lines(stream)));
    }

    [Fact]
    public void The_schema_owns_the_fixed_columns_of_a_metric_row()
    {
        var schema = Plan().Schema;
        Assert.Equal(FixedColumns.MetricRow, schema.RowColumns.Take(schema.FixedCount).Select(c => c.Name));
        Assert.Equal(new[] { ColumnKind.Text, ColumnKind.Text, ColumnKind.Text, ColumnKind.Time, ColumnKind.Text, ColumnKind.Text, ColumnKind.Rate, ColumnKind.Count },
            schema.RowColumns.Select(c => c.Kind));
        Assert.Equal(new[] { -1, -1, -1, -1, 0, 1, 2, 3 }, schema.RowColumns.Select(c => c.DataIndex));
    }

    [Fact]
    public void JsonLines_writes_one_object_per_row_with_numbers_and_nulls()
    {
        using var stream = new MemoryStream();
        using (var writer = RowFileWriter.Create(ExportFormat.JsonLines, stream))
        {
            writer.Begin(Plan());
            writer.Write(Row("AFTMM", 0.0142, 54320));
            writer.Write(Row("AFTKA", null, null));
            Assert.Equal(2, writer.RowCount);
        }
        var lines = Lines(stream);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("2026-04-20T13:00:00Z", first.RootElement.GetProperty("StartTime").GetString());
        Assert.Equal(0.0142, first.RootElement.GetProperty("crashRate").GetDouble());
        Assert.Equal(54320, first.RootElement.GetProperty("crashCount").GetInt64());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("crashRate").ValueKind);
        var names = new List<string>();
        foreach (var property in first.RootElement.EnumerateObject())
            names.Add(property.Name);
        Assert.Equal(new[] { "PackageName", "MetricSet", "AggregationPeriod", "StartTime", "versionCode", "deviceModel", "crashRate", "crashCount" }, names);
    }

    private static QueryPlan HoursPlan() => QueryPlanner.Plan(new MetricQuery("com.example.tvapp", "crashMetricSet")
    {
        Period = AggregationPeriod.Hourly,
        Start = new DateTime(2026, 4, 20, 13, 0, 0, DateTimeKind.Utc),
        End = new DateTime(2026, 4, 20, 15, 0, 0, DateTimeKind.Utc),
        Dimensions = new[] { "deviceModel" },
        Metrics = new[] { "crashRate", "crashCount" },
    }, freshness: null);

    private static byte[] HoursPage(params string[] rows) => Encoding.UTF8.GetBytes("""{"rows":[""" + string.Join(",", rows) + """],"nextPageToken":"n"}""");

    private static string Hour(int hour, string model, string rate = "0.0125") =>
        """{"startTime":{"year":2026,"month":4,"day":20,"hours":%H},"dimensions":[{"name":"deviceModel","value":%M}],"metrics":[{"name":"crashRate","value":"%R"},{"name":"crashCount","value":"7"}]}"""
            .Replace("%H", hour.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%M", JsonSerializer.Serialize(model), StringComparison.Ordinal)
            .Replace("%R", rate, StringComparison.Ordinal);

    /// <summary>A page's file bytes both ways: its rows read and written one by one, and the page encoded as it is checked.</summary>
    private static (string ByRow, string ByPage, bool Spilled) BothWays(ExportFormat format, QueryPlan plan, byte[] body)
    {
        using var byRow = new MemoryStream();
        using (var writer = RowFileWriter.Create(format, byRow))
        {
            writer.Begin(plan);
            using var rows = V1Parser.ReadMetricPage(plan, body, new StringCache(), null).OpenRows();
            while (rows.Read())
                writer.Write(rows);
        }
        using var byPage = new MemoryStream();
        bool spilled;
        // The page's rows are written over its own body: a copy, so the byRow read above kept its bytes.
        var copy = (byte[])body.Clone();
        using (var writer = RowFileWriter.Create(format, byPage))
        {
            writer.Begin(plan);
            using var page = V1Parser.EncodeMetricPage(plan, AmazonVitals.Client.Http.ResponseBody.Unowned(copy, copy.Length), new StringCache(), "req", writer.Encoder);
            Assert.Equal("n", page.NextPageToken);
            writer.WritePage(page);
            Assert.Equal(page.Count, writer.RowCount);
            spilled = page.Spilled;
        }
        return (Encoding.UTF8.GetString(byRow.ToArray()), Encoding.UTF8.GetString(byPage.ToArray()), spilled);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.JsonLines)]
    public void A_page_encoded_as_it_is_checked_holds_the_bytes_of_its_rows_written_one_by_one(ExportFormat format)
    {
        // V1 sends whole dates: hours 12 and 15 are outside the window and are dropped by both paths.
        var (byRow, byPage, spilled) = BothWays(format, HoursPlan(), HoursPage(Hour(12, "A"), Hour(13, "B \"x\""), Hour(14, "C"), Hour(15, "D")));
        Assert.Equal(byRow, byPage);
        Assert.False(spilled);
        var lines = byPage.TrimEnd('\n').Split('\n');
        Assert.Equal(format == ExportFormat.Csv ? 3 : 2, lines.Length);
        Assert.Contains("B ", lines[^2], StringComparison.Ordinal);
        Assert.Contains("\"C\"", lines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.JsonLines)]
    public void Rows_longer_in_the_file_than_in_the_json_go_to_a_buffer_of_their_own_in_order(ExportFormat format)
    {
        // A row with nothing but its time is shorter as JSON than as a file row (package, set,
        // period, time, empty columns): the rows soon overtake the reading and must not write over it.
        var rows = Enumerable.Range(0, 40).Select(i => """{"startTime":{"year":2026,"month":4,"day":20,"hours":%H}}""".Replace("%H", (13 + i % 2).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var (byRow, byPage, spilled) = BothWays(format, HoursPlan(), HoursPage(rows.ToArray()));
        Assert.True(spilled);
        Assert.Equal(byRow, byPage);
        Assert.Equal(40 + (format == ExportFormat.Csv ? 1 : 0), byPage.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void A_page_that_fails_while_its_rows_are_encoded_is_not_handed_on()
    {
        var plan = HoursPlan();
        using var stream = new MemoryStream();
        using var writer = RowFileWriter.Create(ExportFormat.Csv, stream);
        writer.Begin(plan);
        var broken = HoursPage(Hour(13, "LEAK"), Hour(14, "LEAK"), Hour(14, "X", rate: "abc"));
        var body = AmazonVitals.Client.Http.ResponseBody.Unowned(broken, broken.Length);
        Assert.Throws<WireValueException>(() => V1Parser.EncodeMetricPage(plan, body, new StringCache(), null, writer.Encoder));
        // The body stays its caller's (the pipeline gives it back): no page took it, rows and all.
        Assert.False(body.IsDisposed);
        var good = HoursPage(Hour(13, "OK"));
        using (var page = V1Parser.EncodeMetricPage(plan, AmazonVitals.Client.Http.ResponseBody.Unowned(good, good.Length), new StringCache(), null, writer.Encoder))
            writer.WritePage(page);
        writer.Flush();
        var lines = Lines(stream);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"OK\"", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("LEAK", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }
}
