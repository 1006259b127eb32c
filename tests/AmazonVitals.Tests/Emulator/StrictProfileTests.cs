using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AmazonVitals.Emulator;
using AmazonVitals.Emulator.Profiles;
using Xunit;
using static AmazonVitals.Tests.Emulator.EmulatorTestClient;

namespace AmazonVitals.Tests.Emulator;

/// <summary>The strict profile serves only what the reference documents, plus fields no client knows.</summary>
public sealed class StrictProfileTests : IClassFixture<StrictEmulatorFixture>
{
    private const string RequestIdHeader = "x-amzn-RequestId";
    private readonly EmulatorTestClient _client;

    public StrictProfileTests(StrictEmulatorFixture fixture)
    {
        _client = fixture.Client;
        fixture.Host.Reset();
    }

    [Fact]
    public async Task No_route_sends_a_request_id_header()
    {
        using var token = await _client.TokenResponseAsync();
        var freshness = await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet");
        var query = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Daily("2026-04-25", "2026-04-26"));
        var refused = await _client.QueryRawAsync("com.example.tvapp", "crashMetricSet", "{}", auth: false);
        using var other = await _client.Http.GetAsync(new Uri(_client.Host.RootUri, "nothing/here"));

        Assert.Equal([200, 200, 200, 403, 404], [(int)token.StatusCode, freshness.Status, query.Status, refused.Status, (int)other.StatusCode]);
        Assert.All([token.Headers, freshness.Headers, query.Headers, refused.Headers, other.Headers], h => Assert.False(h.Contains(RequestIdHeader)));
    }

    [Fact]
    public async Task Query_pages_carry_requestId_in_the_body_and_the_log_records_it()
    {
        var body = Daily("2026-04-20", "2026-04-26");
        body["pageSize"] = 2;
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body);
        var json = answer.Json!;
        Assert.Equal(["status", "requestId", "apiVersion", "freshness", "resultCount", "rows", "nextPageToken"], json.Select(p => p.Key));
        Assert.Equal(200, json["status"]!.GetValue<int>());
        Assert.Equal(2, json["resultCount"]!.GetValue<int>());
        Assert.Equal("""{"aggregationPeriod":"DAILY","latestDataTimestamp":"2026-04-25T00:00:00Z"}""", json["freshness"]!.ToJsonString());
        var requestId = json["requestId"]!.GetValue<string>();
        Assert.True(Guid.TryParse(requestId, out _), requestId);

        var logged = Assert.Single(await _client.LogAsync(entries: 2), e => e!["route"]!.GetValue<string>() == "query");
        Assert.Equal(requestId, logged!["requestId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issues_pages_carry_requestId_in_the_body()
    {
        var answer = await _client.QueryAsync("com.example.tvapp", "issuesMetricSet", IssuesBody());
        Assert.Equal(200, answer.Status);
        Assert.True(Guid.TryParse(answer.Json!["requestId"]!.GetValue<string>(), out _));
        Assert.False(answer.Headers.Contains(RequestIdHeader));
    }

    [Theory]
    [InlineData("com.example.tvapp", "crashMetricSet", """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":25},"endTime":{"year":2026,"month":4,"day":26}},"metrics":["bogus"]}""", 400)]
    [InlineData("com.example.tvapp", "bogusMetricSet", "{}", 404)]
    [InlineData("com.example.nodata", "crashMetricSet", "{}", 404)]
    public async Task Errors_are_exactly_code_message_status(string package, string set, string body, int status)
    {
        var answer = await _client.QueryRawAsync(package, set, body);
        Assert.Equal(status, answer.Status);
        var json = answer.Json!;
        Assert.Equal(["code", "message", "status"], json.Select(p => p.Key));
        Assert.Equal(status, json["status"]!.GetValue<int>());
        // The log still knows the id the answer did not carry, for tests that match entries to answers.
        var logged = (await _client.LogAsync(entries: 2)).Last()!;
        Assert.True(Guid.TryParse(logged["requestId"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Missing_token_is_403_in_the_reference_shape()
    {
        var answer = await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token: "Atc|made-up");
        Assert.Equal(403, answer.Status);
        Assert.Equal(["code", "message", "status"], answer.Json!.Select(p => p.Key));
        Assert.Equal("UNAUTHORIZED", answer.Code);
    }

    [Theory]
    [InlineData("crashMetricSet", new[] { "crashRate", "crashRate7dUserWeighted", "crashRate28dUserWeighted", "userPerceivedCrashRate", "userPerceivedCrashRate7dUserWeighted", "userPerceivedCrashRate28dUserWeighted", "distinctDevices", "crashCount" })]
    [InlineData("anrMetricSet", new[] { "anrRate", "distinctDevices", "anrCount" })]
    [InlineData("lmkMetricSet", new[] { "lmkRate", "lmkRate7dUserWeighted", "lmkRate28dUserWeighted", "distinctDevices", "lmkCount" })]
    public async Task Freshness_follows_the_reference_example_and_lists_only_named_metrics(string set, string[] metrics)
    {
        var answer = await _client.FreshnessAsync("com.example.tvapp", set);
        var json = answer.Json!;
        Assert.Equal(["apiVersion", "name", "metrics", "dimensions", "freshnessInfo"], json.Select(p => p.Key));
        Assert.Equal(set, json["name"]!.GetValue<string>());
        Assert.Equal(metrics, Names(json["metrics"]!));
        Assert.Equal(
            """[{"aggregationPeriod":"DAILY","latestDataTimestamp":"2026-04-25"},{"aggregationPeriod":"HOURLY","latestDataTimestamp":"2026-04-26T14"}]""",
            json["freshnessInfo"]!.ToJsonString());
    }

    [Theory]
    [InlineData("anrMetricSet", "DAILY", new[] { "anrRate", "distinctDevices", "anrCount" })]
    [InlineData("lmkMetricSet", "DAILY", new[] { "lmkRate", "lmkRate7dUserWeighted", "lmkRate28dUserWeighted", "distinctDevices", "lmkCount" })]
    [InlineData("lmkMetricSet", "HOURLY", new[] { "lmkRate", "distinctDevices", "lmkCount" })]
    [InlineData("crashMetricSet", "HOURLY", new[] { "crashRate", "userPerceivedCrashRate", "distinctDevices", "crashCount" })]
    public async Task Omitted_metrics_are_all_the_set_lists_and_hourly_drops_7d_and_28d(string set, string period, string[] metrics)
    {
        var answer = await _client.QueryAsync("com.example.tvapp", set, Timeline(period, "2026-04-25", "2026-04-26"));
        Assert.Equal(200, answer.Status);
        Assert.All(answer.Rows, row => Assert.Equal(metrics, row!["metrics"]!.AsArray().Select(m => m!["name"]!.GetValue<string>())));
    }

    [Theory]
    [InlineData("lmkMetricSet", "userPerceivedLmkRate", "lmkRate, lmkRate7dUserWeighted, lmkRate28dUserWeighted, distinctDevices, lmkCount")]
    [InlineData("anrMetricSet", "userPerceivedAnrRate", "anrRate, distinctDevices, anrCount")]
    [InlineData("anrMetricSet", "anrRate28dUserWeighted", "anrRate, distinctDevices, anrCount")]
    public async Task A_metric_the_reference_does_not_name_is_400(string set, string metric, string valid)
    {
        var body = Daily("2026-04-25", "2026-04-26");
        body["metrics"] = List(metric);
        var answer = await _client.QueryAsync("com.example.tvapp", set, body);
        Assert.Equal(400, answer.Status);
        Assert.Equal("INVALID_ARGUMENT", answer.Code);
        Assert.Equal($"Unknown metric '{metric}'. Valid metrics for {set}: {valid}", answer.Message);
    }

    [Fact]
    public async Task Rate_rows_and_metric_pairs_carry_fields_no_client_knows()
    {
        var body = Daily("2026-04-25", "2026-04-26");
        body["dimensions"] = List("deviceType");
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body);
        Assert.Equal("V1", answer.Json!["apiVersion"]!.GetValue<string>());
        foreach (var row in answer.Rows.Select(r => r!.AsObject()))
        {
            Assert.Equal(["startTime", "annotations", "aggregationPeriod", "dimensions", "metrics"], row.Select(p => p.Key));
            Assert.Equal(JsonValueKind.Object, row["annotations"]!.GetValueKind());
            Assert.All(row["metrics"]!.AsArray(), AssertStrictPair);
        }
    }

    [Fact]
    public async Task Issue_rows_and_metric_pairs_carry_fields_no_client_knows()
    {
        var answer = await _client.QueryAsync("com.example.tvapp", "issuesMetricSet", IssuesBody());
        var row = answer.Rows[0]!.AsObject();
        Assert.Equal(["crashDescriptor", "reportText", "annotations", "metrics"], row.Select(p => p.Key));
        Assert.All(row["metrics"]!.AsArray(), AssertStrictPair);
    }

    [Fact]
    public async Task Rate_limit_429_has_the_reference_shape_and_no_Retry_After()
    {
        // A clock that stands still: the second request is inside the first one's second however slow the machine.
        await using var host = await EmulatorHost.StartAsync(Options(rateLimit: 1, profile: EmulatorProfile.Strict, rateLimitClock: new ManualClock()));
        using var client = new EmulatorTestClient(host);
        var token = await client.TokenAsync();
        Assert.Equal(200, (await client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token)).Status);
        var limited = await client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token);
        Assert.Equal(429, limited.Status);
        Assert.Equal(["code", "message", "status"], limited.Json!.Select(p => p.Key));
        Assert.False(limited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Serves_the_same_numbers_as_the_inferred_profile()
    {
        var body = Daily("2026-04-20", "2026-04-26");
        body["dimensions"] = List("versionCode");
        body["metrics"] = List("anrRate", "distinctDevices", "anrCount");
        await using var inferredHost = await EmulatorHost.StartAsync(Options());
        using var inferred = new EmulatorTestClient(inferredHost);

        var strictRows = (await _client.QueryAsync("com.example.tvapp", "anrMetricSet", body)).Rows;
        var inferredRows = (await inferred.QueryAsync("com.example.tvapp", "anrMetricSet", body)).Rows;
        Assert.Equal(Values(inferredRows), Values(strictRows));
    }

    [Fact]
    public async Task Test_controls_work_and_config_names_the_profile()
    {
        var config = await _client.ControlAsync(HttpMethod.Get, "config");
        Assert.Equal("strict", config["profile"]!.GetValue<string>());
        await _client.ControlAsync(HttpMethod.Post, "faults", """{"on":"query","kind":"status","status":503}""");
        var failed = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Daily("2026-04-25", "2026-04-26"));
        Assert.Equal(503, failed.Status);
        Assert.Equal(["code", "message", "status"], failed.Json!.Select(p => p.Key));
        Assert.Equal("status", (await _client.LogAsync(entries: 2)).Last()!["fault"]!.GetValue<string>());
        await _client.ControlAsync(HttpMethod.Post, "reset");
        Assert.Empty(await _client.LogAsync());
    }

    [Fact]
    public void Profile_names_parse_in_any_case_and_nothing_else_does()
    {
        Assert.True(ProfileRules.TryParse("STRICT", out var strict));
        Assert.Equal(EmulatorProfile.Strict, strict);
        Assert.True(ProfileRules.TryParse("inferred", out var inferred));
        Assert.Equal(EmulatorProfile.Inferred, inferred);
        Assert.False(ProfileRules.TryParse("1", out _));
        Assert.False(ProfileRules.TryParse("lenient", out _));
    }

    private static JsonObject IssuesBody() => new()
    {
        ["startTime"] = Date("2026-04-20"),
        ["endTime"] = Date("2026-04-26"),
        ["reportType"] = "CRASH",
        ["pageSize"] = 3,
    };

    /// <summary>A metric pair in strict: name, the value as a JSON string (as V1 documents), then a unit.</summary>
    private static void AssertStrictPair(JsonNode? pair)
    {
        Assert.Equal(["name", "value", "unit"], pair!.AsObject().Select(p => p.Key));
        Assert.Equal(JsonValueKind.String, pair["value"]!.GetValueKind());
    }

    private static string[] Names(JsonNode array) => [.. array.AsArray().Select(n => n!.GetValue<string>())];

    private static string[] Values(JsonArray rows) =>
        [.. rows.SelectMany(r => r!["metrics"]!.AsArray().Select(m => $"{m!["name"]}={m["value"]}"))];
}
