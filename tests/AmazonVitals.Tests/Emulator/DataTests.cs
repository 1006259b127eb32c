using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AmazonVitals.Emulator;
using Xunit;
using static AmazonVitals.Tests.Emulator.EmulatorTestClient;

namespace AmazonVitals.Tests.Emulator;

public sealed class DataTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorTestClient _client;

    public DataTests(EmulatorFixture fixture) => _client = fixture.Client;

    [Fact]
    public async Task Query_answer_has_the_reference_envelope()
    {
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Daily("2026-04-25", "2026-04-26"));
        var json = answer.Json!;
        Assert.Equal(["status", "requestId", "freshness", "resultCount", "rows"], json.Select(p => p.Key));
        Assert.Equal(200, json["status"]!.GetValue<int>());
        Assert.True(Guid.TryParse(json["requestId"]!.GetValue<string>(), out _));
        Assert.Equal(json["requestId"]!.GetValue<string>(), answer.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Equal("DAILY", json["freshness"]!["aggregationPeriod"]!.GetValue<string>());
        Assert.Equal("2026-04-25T00:00:00Z", json["freshness"]!["latestDataTimestamp"]!.GetValue<string>());
        var row = answer.Rows.Single()!.AsObject();
        Assert.Equal(["startTime", "aggregationPeriod", "dimensions", "metrics"], row.Select(p => p.Key));
        Assert.Equal("""{"year":2026,"month":4,"day":25}""", row["startTime"]!.ToJsonString());
        Assert.Empty(row["dimensions"]!.AsArray());
        // Metrics omitted: all eight, in the set's order, each value a JSON string.
        var metrics = row["metrics"]!.AsArray();
        Assert.Equal(8, metrics.Count);
        Assert.All(metrics, m => Assert.Equal(System.Text.Json.JsonValueKind.String, m!["value"]!.GetValueKind()));
    }

    [Fact]
    public async Task Same_query_gives_identical_rows_even_in_another_emulator()
    {
        var body = Daily("2026-04-01", "2026-04-26");
        body["dimensions"] = List("countryCode", "deviceType");
        body["filter"] = new JsonObject { ["countryCode"] = List("US", "DE", "JP") };
        var first = await _client.QueryAsync("com.example.tablet", "lmkMetricSet", body);
        var second = await _client.QueryAsync("com.example.tablet", "lmkMetricSet", body);
        Assert.NotEqual(first.Json!["requestId"]!.GetValue<string>(), second.Json!["requestId"]!.GetValue<string>());
        Assert.Equal(first.Json["rows"]!.ToJsonString(), second.Json["rows"]!.ToJsonString());

        await using var other = await EmulatorHost.StartAsync(Options());
        using var otherClient = new EmulatorTestClient(other);
        var third = await otherClient.QueryAsync("com.example.tablet", "lmkMetricSet", body);
        Assert.Equal(first.Json["rows"]!.ToJsonString(), third.Json!["rows"]!.ToJsonString());
    }

    [Fact]
    public async Task Hourly_rows_carry_hours_and_stop_at_the_latest_hour()
    {
        var body = Timeline("HOURLY", "2026-04-25", "2026-04-27");
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body);
        Assert.Equal(200, answer.Status);
        Assert.Equal("2026-04-26T14:00:00Z", answer.Json!["freshness"]!["latestDataTimestamp"]!.GetValue<string>());
        Assert.Equal("HOURLY", answer.Json["freshness"]!["aggregationPeriod"]!.GetValue<string>());
        var rows = answer.Rows.Select(r => r!).ToList();
        Assert.Equal(24 + 15, rows.Count);
        Assert.Equal("""{"year":2026,"month":4,"day":25,"hours":0}""", rows[0]["startTime"]!.ToJsonString());
        Assert.Equal("""{"year":2026,"month":4,"day":26,"hours":14}""", rows[^1]["startTime"]!.ToJsonString());
        Assert.All(rows, r => Assert.Equal("HOURLY", r["aggregationPeriod"]!.GetValue<string>()));
        // Omitted metrics on HOURLY: the ones without a 7d/28d window.
        Assert.Equal(
            ["crashRate", "userPerceivedCrashRate", "distinctDevices", "crashCount"],
            rows[0]["metrics"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Daily_rows_have_no_hours()
    {
        var answer = await _client.QueryAsync("com.example.tvapp", "anrMetricSet", Daily("2026-04-20", "2026-04-23"));
        Assert.All(answer.Rows, r => Assert.False(r!["startTime"]!.AsObject().ContainsKey("hours")));
        Assert.Equal(["2026-4-20", "2026-4-21", "2026-4-22"], answer.Rows.Select(r => $"{r!["startTime"]!["year"]}-{r["startTime"]!["month"]}-{r["startTime"]!["day"]}"));
    }

    [Fact]
    public async Task Dimensions_and_metrics_come_in_the_order_requested()
    {
        var body = Daily("2026-04-25", "2026-04-26");
        body["dimensions"] = List("osVersion", "deviceType", "versionCode");
        body["metrics"] = List("distinctDevices", "crashCount", "crashRate");
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body);
        Assert.Equal(5 * 2 * 10, answer.Rows.Count);
        foreach (var row in answer.Rows)
        {
            Assert.Equal(["osVersion", "deviceType", "versionCode"], row!["dimensions"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
            Assert.Equal(["distinctDevices", "crashCount", "crashRate"], row["metrics"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Metric_values_are_invariant_numbers_in_strings()
    {
        var body = Daily("2026-04-20", "2026-04-26");
        body["dimensions"] = List("versionCode");
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body);
        foreach (var row in answer.Rows)
        {
            foreach (var metric in row!["metrics"]!.AsArray())
            {
                var name = metric!["name"]!.GetValue<string>();
                var text = metric["value"]!.GetValue<string>();
                if (name is "distinctDevices" or "crashCount")
                {
                    Assert.True(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0, $"{name}={text}");
                }
                else
                {
                    var rate = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    Assert.InRange(rate, 0, 1);
                    Assert.DoesNotContain(",", text, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Filter_is_OR_within_a_field_and_AND_across_fields()
    {
        var body = Daily("2026-04-25", "2026-04-26");
        body["dimensions"] = List("countryCode", "deviceOS");
        body["filter"] = new JsonObject { ["countryCode"] = List("US", "CA", "XX"), ["deviceType"] = List("AMAZON_FIRE_TV") };
        var filtered = await _client.QueryAsync("com.example.regressed", "crashMetricSet", body);
        Assert.Equal(2 * 2, filtered.Rows.Count);
        Assert.All(filtered.Rows, r => Assert.Contains(Dim(r!, "countryCode"), new[] { "US", "CA" }));

        body.Remove("filter");
        var all = await _client.QueryAsync("com.example.regressed", "crashMetricSet", body);
        Assert.Equal(20 * 2, all.Rows.Count);
        var filteredUs = filtered.Rows.First(r => Dim(r!, "countryCode") == "US" && Dim(r!, "deviceOS") == "FIRE_OS")!;
        var allUs = all.Rows.First(r => Dim(r!, "countryCode") == "US" && Dim(r!, "deviceOS") == "FIRE_OS")!;
        // The deviceType filter leaves out the tablets, so fewer devices.
        Assert.True(Metric(filteredUs, "distinctDevices") < Metric(allUs, "distinctDevices"));

        body["filter"] = new JsonObject { ["countryCode"] = List("XX") };
        Assert.Empty((await _client.QueryAsync("com.example.regressed", "crashMetricSet", body)).Rows);
    }

    [Fact]
    public async Task Aggregate_rows_agree_with_their_parts()
    {
        var body = Daily("2026-04-25", "2026-04-26");
        var total = (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body)).Rows.Single()!;
        body["dimensions"] = List("versionCode");
        var parts = (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body)).Rows.Select(r => r!).ToList();

        var devices = parts.Sum(p => Metric(p, "distinctDevices"));
        Assert.InRange(Metric(total, "distinctDevices") / devices, 0.95, 1.05);
        var weighted = parts.Sum(p => Metric(p, "crashRate") * Metric(p, "distinctDevices")) / devices;
        Assert.InRange(Metric(total, "crashRate") / weighted, 0.93, 1.07);
        var counts = parts.Sum(p => Metric(p, "crashCount"));
        Assert.InRange(Metric(total, "crashCount") / counts, 0.9, 1.1);
        // crashCount is about rate x devices.
        Assert.InRange(Metric(total, "crashCount") / (Metric(total, "crashRate") * Metric(total, "distinctDevices")), 0.8, 1.6);
        Assert.True(Metric(total, "userPerceivedCrashRate") < Metric(total, "crashRate"));
    }

    [Fact]
    public async Task Regressed_newest_version_crashes_about_three_times_as_often_every_day()
    {
        var ratios = await NewestOverPreviousAsync("com.example.regressed");
        Assert.Equal(30, ratios.Count);
        Assert.All(ratios, r => Assert.InRange(r.Ratio, 2.5, 3.5));
        Assert.All(ratios, r => Assert.True(r.NewestDevices > 1000, $"newest has {r.NewestDevices} devices"));
    }

    [Theory]
    [InlineData("com.example.tvapp")]
    [InlineData("com.example.tablet")]
    public async Task Healthy_apps_newest_version_is_no_worse(string package)
    {
        var ratios = await NewestOverPreviousAsync(package);
        Assert.All(ratios, r => Assert.InRange(r.Ratio, 0.7, 1.12));
        Assert.All(ratios, r => Assert.True(r.NewestDevices > 1000));
    }

    [Fact]
    public async Task Newer_versions_have_more_devices()
    {
        var body = Daily("2026-04-25", "2026-04-26");
        body["dimensions"] = List("versionCode");
        var rows = (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body)).Rows.Select(r => r!).ToList();
        Assert.Equal(["142", "143", "144", "145", "146", "147", "148", "149", "150", "151"], rows.Select(r => Dim(r, "versionCode")));
        var devices = rows.Select(r => Metric(r, "distinctDevices")).ToList();
        Assert.Equal(devices.Order(), devices);
    }

    [Fact]
    public async Task Thin_rows_leave_out_user_perceived_metrics()
    {
        var body = Daily("2026-04-25", "2026-04-26");
        body["dimensions"] = List("versionCode", "countryCode", "deviceModel");
        body["pageSize"] = 5000;
        var rows = (await _client.QueryAsync("com.example.tablet", "crashMetricSet", body)).Rows.Select(r => r!).ToList();
        var thin = rows.Where(r => !HasMetric(r, "userPerceivedCrashRate")).ToList();
        var thick = rows.Where(r => HasMetric(r, "userPerceivedCrashRate")).ToList();
        Assert.NotEmpty(thin);
        Assert.NotEmpty(thick);
        Assert.All(thin, r => Assert.True(Metric(r, "distinctDevices") < 50));
        Assert.All(thin, r => Assert.False(HasMetric(r, "userPerceivedCrashRate28dUserWeighted")));
        Assert.All(thin, r => Assert.True(HasMetric(r, "crashRate")));
        Assert.All(thick, r => Assert.True(Metric(r, "distinctDevices") >= 50));
    }

    [Fact]
    public async Task Rendering_set_answers_queries()
    {
        var body = Timeline("HOURLY", "2026-04-26", "2026-04-27");
        body["dimensions"] = List("deviceType");
        var answer = await _client.QueryAsync("com.example.tvapp", "renderingMetricSet", body);
        Assert.Equal(200, answer.Status);
        Assert.Equal(15 * 2, answer.Rows.Count);
        Assert.Equal(["slowFrameRate", "frozenFrameRate", "distinctDevices"], answer.Rows[0]!["metrics"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Issues_are_ranked_signatures_with_multi_line_traces()
    {
        var body = Issues("2026-04-19", "2026-04-26", "CRASH");
        var answer = await _client.QueryAsync("com.example.tvapp", "issuesMetricSet", body);
        Assert.Equal(200, answer.Status);
        Assert.Equal("DAILY", answer.Json!["freshness"]!["aggregationPeriod"]!.GetValue<string>());
        var rows = answer.Rows.Select(r => r!.AsObject()).ToList();
        Assert.Equal(40, rows.Count);
        Assert.Equal(40, rows.Select(r => r["crashDescriptor"]!.GetValue<string>()).Distinct().Count());
        var events = rows.Select(r => Metric(r, "errorEventCount")).ToList();
        Assert.Equal(events.OrderDescending(), events);
        foreach (var row in rows)
        {
            Assert.Equal(["crashDescriptor", "reportText", "metrics"], row.Select(p => p.Key));
            Assert.Matches("^[0-9a-f]{32}$", row["crashDescriptor"]!.GetValue<string>());
            var text = row["reportText"]!.GetValue<string>();
            Assert.Contains("\n\tat com.example.tvapp.", text, StringComparison.Ordinal);
            Assert.True(text.Split('\n').Length >= 4);
            Assert.True(Metric(row, "affectedDeviceCount") <= Metric(row, "errorEventCount"));
            Assert.True(Metric(row, "affectedDeviceCount") >= 1);
        }

        var anr = await _client.QueryAsync("com.example.tvapp", "issuesMetricSet", Issues("2026-04-19", "2026-04-26", "ANR"));
        Assert.StartsWith("ANR in com.example.tvapp", anr.Rows[0]!["reportText"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(anr.Rows.Select(r => r!["crashDescriptor"]!.GetValue<string>()).Intersect(rows.Select(r => r["crashDescriptor"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Issue_counts_scale_with_the_window()
    {
        var week = await _client.QueryAsync("com.example.tablet", "issuesMetricSet", Issues("2026-04-19", "2026-04-26", "CRASH"));
        var day = await _client.QueryAsync("com.example.tablet", "issuesMetricSet", Issues("2026-04-25", "2026-04-26", "CRASH"));
        var weekTotal = week.Rows.Sum(r => Metric(r!, "errorEventCount"));
        var dayTotal = day.Rows.Sum(r => Metric(r!, "errorEventCount"));
        Assert.InRange(weekTotal / dayTotal, 5.0, 9.0);
        var future = await _client.QueryAsync("com.example.tablet", "issuesMetricSet", Issues("2026-04-26", "2026-04-28", "CRASH"));
        Assert.Equal(200, future.Status);
        Assert.Empty(future.Rows);
    }

    [Fact]
    public async Task Regressed_top_crash_is_on_the_newest_version_only()
    {
        var body = Issues("2026-04-19", "2026-04-26", "CRASH");
        body["dimensions"] = List("versionCode", "deviceType");
        body["metrics"] = List("errorEventCount");
        var answer = await _client.QueryAsync("com.example.regressed", "issuesMetricSet", body);
        var top = answer.Rows[0]!;
        Assert.Equal("151", Dim(top, "versionCode"));
        Assert.Equal(["versionCode", "deviceType"], top["dimensions"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal(["errorEventCount"], top["metrics"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        var descriptor = top["crashDescriptor"]!.GetValue<string>();
        Assert.All(answer.Rows.Where(r => r!["crashDescriptor"]!.GetValue<string>() == descriptor), r => Assert.Equal("151", Dim(r!, "versionCode")));
    }

    [Fact]
    public async Task Issues_filter_narrows_counts()
    {
        var all = await _client.QueryAsync("com.example.tvapp", "issuesMetricSet", Issues("2026-04-19", "2026-04-26", "CRASH"));
        var body = Issues("2026-04-19", "2026-04-26", "CRASH");
        body["filter"] = new JsonObject { ["countryCode"] = List("US", "CA") };
        var some = await _client.QueryAsync("com.example.tvapp", "issuesMetricSet", body);
        Assert.True(some.Rows.Sum(r => Metric(r!, "errorEventCount")) < all.Rows.Sum(r => Metric(r!, "errorEventCount")));
    }

    private static JsonObject Issues(string start, string end, string reportType) => new()
    {
        ["startTime"] = Date(start),
        ["endTime"] = Date(end),
        ["reportType"] = reportType,
    };

    private async Task<List<(double Ratio, double NewestDevices)>> NewestOverPreviousAsync(string package)
    {
        var body = Daily("2026-03-27", "2026-04-26");
        body["dimensions"] = List("versionCode");
        body["metrics"] = List("crashRate", "distinctDevices");
        body["filter"] = new JsonObject { ["versionCode"] = List("150", "151") };
        var rows = (await _client.QueryAsync(package, "crashMetricSet", body)).Rows.Select(r => r!).ToList();
        Assert.Equal(60, rows.Count);
        return [.. rows.Chunk(2).Select(pair =>
        {
            Assert.Equal("150", Dim(pair[0], "versionCode"));
            Assert.Equal("151", Dim(pair[1], "versionCode"));
            return (Metric(pair[1], "crashRate") / Metric(pair[0], "crashRate"), Metric(pair[1], "distinctDevices"));
        })];
    }

    private static string Dim(JsonNode row, string name) =>
        row["dimensions"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>();

    private static bool HasMetric(JsonNode row, string name) =>
        row["metrics"]!.AsArray().Any(m => m!["name"]!.GetValue<string>() == name);

    private static double Metric(JsonNode row, string name) =>
        double.Parse(row["metrics"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
