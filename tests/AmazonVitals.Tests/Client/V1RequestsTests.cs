using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire.V1;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

public sealed class V1RequestsTests
{
    private const string Pkg = "com.example.tvapp";

    private static JsonDocument Body(QueryPlan plan, string? token = null) => JsonDocument.Parse(V1Requests.QueryBody(plan, token));

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static void AssertDate(JsonElement date, int year, int month, int day)
    {
        Assert.Equal(JsonValueKind.Object, date.ValueKind);
        Assert.Equal(new[] { "year", "month", "day" }, date.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(year, date.GetProperty("year").GetInt32());
        Assert.Equal(month, date.GetProperty("month").GetInt32());
        Assert.Equal(day, date.GetProperty("day").GetInt32());
    }

    private static QueryPlan DailyPlan() => QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash)
    {
        Start = Utc(2026, 4, 1),
        End = Utc(2026, 4, 8),
        Metrics = new[] { "crashRate", "distinctDevices" },
        Dimensions = new[] { "versionCode", "countryCode" },
        Filter = new Dictionary<string, IReadOnlyList<string>>
        {
            ["countryCode"] = new[] { "US", "CA" },
            ["deviceType"] = new[] { "AMAZON_FIRE_TV" },
        },
        PageSize = 500,
    }, null);

    [Fact]
    public void Rate_query_has_a_daily_timeline_spec_metrics_dimensions_filter_and_page_size()
    {
        using var doc = Body(DailyPlan());
        var root = doc.RootElement;

        var spec = root.GetProperty("timelineSpec");
        Assert.Equal("DAILY", spec.GetProperty("aggregationPeriod").GetString());
        AssertDate(spec.GetProperty("startTime"), 2026, 4, 1);
        AssertDate(spec.GetProperty("endTime"), 2026, 4, 8);

        Assert.Equal(new[] { "crashRate", "distinctDevices" }, Strings(root.GetProperty("metrics")));
        Assert.Equal(new[] { "versionCode", "countryCode" }, Strings(root.GetProperty("dimensions")));

        var filter = root.GetProperty("filter");
        Assert.Equal(JsonValueKind.Object, filter.ValueKind);
        Assert.Equal(new[] { "US", "CA" }, Strings(filter.GetProperty("countryCode")));
        Assert.Equal(new[] { "AMAZON_FIRE_TV" }, Strings(filter.GetProperty("deviceType")));

        Assert.Equal(JsonValueKind.Number, root.GetProperty("pageSize").ValueKind);
        Assert.Equal(500, root.GetProperty("pageSize").GetInt32());

        Assert.False(root.TryGetProperty("pageToken", out _));
        Assert.False(root.TryGetProperty("startTime", out _));
        Assert.False(root.TryGetProperty("reportType", out _));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("MjAyNi0wNC0yNXwxNA==", true)]
    public void Page_token_is_sent_only_when_given(string? token, bool present)
    {
        using var doc = Body(DailyPlan(), token);
        Assert.Equal(present, doc.RootElement.TryGetProperty("pageToken", out var sent));
        if (present)
            Assert.Equal(token, sent.GetString());
    }

    [Fact]
    public void Hourly_query_sends_hourly_and_the_whole_dates_around_the_hours()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Anr)
        {
            Period = AggregationPeriod.Hourly,
            Start = Utc(2026, 4, 25, 10),
            End = Utc(2026, 4, 25, 12),
            Metrics = new[] { "anrRate" },
        }, null);
        using var doc = Body(plan);
        var spec = doc.RootElement.GetProperty("timelineSpec");
        Assert.Equal("HOURLY", spec.GetProperty("aggregationPeriod").GetString());
        AssertDate(spec.GetProperty("startTime"), 2026, 4, 25);
        AssertDate(spec.GetProperty("endTime"), 2026, 4, 26);
        Assert.Equal(new[] { "anrRate" }, Strings(doc.RootElement.GetProperty("metrics")));
    }

    [Fact]
    public void No_dimensions_and_no_filter_leave_them_out()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash)
        {
            Start = Utc(2026, 4, 1),
            End = Utc(2026, 4, 2),
            Metrics = new[] { "crashRate" },
        }, null);
        using var doc = Body(plan);
        Assert.False(doc.RootElement.TryGetProperty("dimensions", out _));
        Assert.False(doc.RootElement.TryGetProperty("filter", out _));
        Assert.Equal(QueryPlanner.DefaultPageSize, doc.RootElement.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public void Month_and_year_boundaries_are_written_as_numbers()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash)
        {
            Start = Utc(2026, 12, 20),
            End = Utc(2027, 1, 3),
            Metrics = new[] { "crashRate" },
        }, null);
        using var doc = Body(plan);
        var spec = doc.RootElement.GetProperty("timelineSpec");
        AssertDate(spec.GetProperty("startTime"), 2026, 12, 20);
        AssertDate(spec.GetProperty("endTime"), 2027, 1, 3);
    }

    [Theory]
    [InlineData(ReportType.Crash, "CRASH")]
    [InlineData(ReportType.Anr, "ANR")]
    public void Issues_query_has_times_and_report_type_at_the_top_and_no_timeline_spec(ReportType type, string wire)
    {
        var plan = QueryPlanner.Plan(new IssueQuery(Pkg, type)
        {
            Start = Utc(2025, 6, 1),
            End = Utc(2025, 6, 15),
            Dimensions = new[] { "deviceType", "osVersion" },
            Filter = new Dictionary<string, IReadOnlyList<string>> { ["countryCode"] = new[] { "US", "CA" } },
            PageSize = 25,
        }, null);
        using var doc = Body(plan, "tok");
        var root = doc.RootElement;
        Assert.False(root.TryGetProperty("timelineSpec", out _));
        Assert.False(root.TryGetProperty("metrics", out _));
        AssertDate(root.GetProperty("startTime"), 2025, 6, 1);
        AssertDate(root.GetProperty("endTime"), 2025, 6, 15);
        Assert.Equal(wire, root.GetProperty("reportType").GetString());
        Assert.Equal(new[] { "deviceType", "osVersion" }, Strings(root.GetProperty("dimensions")));
        Assert.Equal(new[] { "US", "CA" }, Strings(root.GetProperty("filter").GetProperty("countryCode")));
        Assert.Equal(25, root.GetProperty("pageSize").GetInt32());
        Assert.Equal("tok", root.GetProperty("pageToken").GetString());
    }

    [Fact]
    public void Strings_that_need_escaping_survive_the_round_trip()
    {
        var odd = "Fire \"TV\" Stick\\4K – Köln <x>";
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash)
        {
            Start = Utc(2026, 4, 1),
            End = Utc(2026, 4, 2),
            Metrics = new[] { "crashRate" },
            Filter = new Dictionary<string, IReadOnlyList<string>> { ["deviceModel"] = new[] { odd } },
        }, null);
        using var doc = Body(plan, "a\"b");
        Assert.Equal(odd, doc.RootElement.GetProperty("filter").GetProperty("deviceModel")[0].GetString());
        Assert.Equal("a\"b", doc.RootElement.GetProperty("pageToken").GetString());
    }

    [Fact]
    public async Task Query_request_posts_json_to_the_query_path()
    {
        var wire = new V1WireFormat(new Uri("http://127.0.0.1:9/api/appstore/"));
        var request = wire.QueryRequest(DailyPlan(), "next");
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:9/api/appstore/vitals/apps/com.example.tvapp/crashMetricSet:query", request.Uri.AbsoluteUri);
        Assert.Equal("/vitals/apps/com.example.tvapp/crashMetricSet:query", request.DisplayPath);
        Assert.NotNull(request.Content);

        // A fresh content per attempt, each with the same bytes.
        using var first = request.Content!();
        using var second = request.Content!();
        Assert.NotSame(first, second);
        Assert.Equal("application/json", first.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", first.Headers.ContentType.CharSet);
        var text = await first.ReadAsStringAsync();
        Assert.Equal(text, await second.ReadAsStringAsync());
        Assert.Equal(text, request.DebugBody);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("next", doc.RootElement.GetProperty("pageToken").GetString());
    }

    [Fact]
    public void Freshness_request_gets_the_metric_set_path_and_escapes_names()
    {
        var wire = new V1WireFormat(new Uri("https://example.invalid/api/appstore"));
        var request = wire.FreshnessRequest("com.example.tv app", "crashMetricSet");
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Null(request.Content);
        Assert.Equal("https://example.invalid/api/appstore/vitals/apps/com.example.tv%20app/crashMetricSet", request.Uri.AbsoluteUri);

        var slash = wire.FreshnessRequest("a/b", "set");
        Assert.Equal("/api/appstore/vitals/apps/a%2Fb/set", slash.Uri.AbsolutePath);
    }
}
