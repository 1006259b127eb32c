using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using AmazonVitals.Emulator;
using Xunit;

namespace AmazonVitals.Tests.Emulator;

public sealed class FreshnessAndAuthTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorTestClient _client;

    public FreshnessAndAuthTests(EmulatorFixture fixture) => _client = fixture.Client;

    [Theory]
    [InlineData("crashMetricSet", "crashRate", "crashCount")]
    [InlineData("anrMetricSet", "anrRate", "anrCount")]
    [InlineData("lmkMetricSet", "lmkRate", "lmkCount")]
    public async Task Rate_sets_report_DAILY_and_HOURLY_freshness(string set, string rate, string count)
    {
        var answer = await _client.FreshnessAsync("com.example.tvapp", set);
        Assert.Equal(200, answer.Status);
        var json = answer.Json!;
        Assert.Equal(set, json["name"]!.GetValue<string>());
        var metrics = json["metrics"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Equal(8, metrics.Count);
        Assert.Equal(rate, metrics[0]);
        Assert.Contains(rate + "28dUserWeighted", metrics);
        Assert.Contains("distinctDevices", metrics);
        Assert.Equal(count, metrics[^1]);
        Assert.Equal(
            ["versionCode", "countryCode", "deviceModel", "deviceType", "deviceOS", "osVersion"],
            json["dimensions"]!.AsArray().Select(d => d!.GetValue<string>()));
        var info = json["freshnessInfo"]!.AsArray();
        Assert.Equal(2, info.Count);
        Assert.Equal("DAILY", info[0]!["aggregationPeriod"]!.GetValue<string>());
        Assert.Equal("2026-04-25", info[0]!["latestDataTimestamp"]!.GetValue<string>());
        Assert.Equal("HOURLY", info[1]!["aggregationPeriod"]!.GetValue<string>());
        Assert.Equal("2026-04-26T14", info[1]!["latestDataTimestamp"]!.GetValue<string>());
        // The inferred profile adds requestId to the reference's four fields, the same id as the header.
        Assert.Equal(["name", "metrics", "dimensions", "freshnessInfo", "requestId"], json.Select(p => p.Key));
        Assert.Equal(answer.Headers.GetValues("x-amzn-RequestId").Single(), json["requestId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issues_set_has_DAILY_freshness_only()
    {
        var answer = await _client.FreshnessAsync("com.example.tvapp", "issuesMetricSet");
        Assert.Equal(200, answer.Status);
        Assert.Equal(["errorEventCount", "affectedDeviceCount"], answer.Json!["metrics"]!.AsArray().Select(m => m!.GetValue<string>()));
        var info = Assert.Single(answer.Json["freshnessInfo"]!.AsArray());
        Assert.Equal("DAILY", info!["aggregationPeriod"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rendering_set_is_served_though_the_module_does_not_know_it()
    {
        var answer = await _client.FreshnessAsync("com.example.tvapp", "renderingMetricSet");
        Assert.Equal(200, answer.Status);
        Assert.Equal(["slowFrameRate", "frozenFrameRate", "distinctDevices"], answer.Json!["metrics"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task No_token_is_403()
    {
        var answer = await _client.QueryRawAsync("com.example.tvapp", "crashMetricSet", "{}", auth: false);
        Assert.Equal(403, answer.Status);
        Assert.Equal("UNAUTHORIZED", answer.Code);
        Assert.Equal(403, answer.Json!["status"]!.GetValue<int>());
        // Inferred: the id both in the header and after the reference's three error fields.
        Assert.Equal(["code", "message", "status", "requestId"], answer.Json.Select(p => p.Key));
        Assert.Equal(answer.Headers.GetValues("x-amzn-RequestId").Single(), answer.Json["requestId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_token_is_403()
    {
        var answer = await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token: "Atc|made-up");
        Assert.Equal(403, answer.Status);
        Assert.Equal("UNAUTHORIZED", answer.Code);
    }

    [Fact]
    public async Task Expired_token_is_403()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Now = EmulatorTestClient.Now, RateLimit = 0, TokenLifetimeSeconds = 1 });
        using var client = new EmulatorTestClient(host);
        var token = await client.TokenAsync();
        Assert.Equal(200, (await client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token)).Status);
        await Task.Delay(1100);
        var answer = await client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token);
        Assert.Equal(403, answer.Status);
        Assert.Contains("expired", answer.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("com.example.unknown", "crashMetricSet")]
    [InlineData("com.example.tvapp", "bogusMetricSet")]
    [InlineData("com.example.nodata", "crashMetricSet")]
    [InlineData("com.example.nodata", "issuesMetricSet")]
    public async Task Unknown_package_set_or_no_data_is_404(string package, string set)
    {
        var freshness = await _client.FreshnessAsync(package, set);
        Assert.Equal(404, freshness.Status);
        Assert.Equal("NOT_FOUND", freshness.Code);
        var query = await _client.QueryAsync(package, set, EmulatorTestClient.Daily("2026-04-20", "2026-04-21"));
        Assert.Equal(404, query.Status);
        Assert.Equal("NOT_FOUND", query.Code);
    }

    [Fact]
    public async Task Unknown_route_is_404_with_request_id()
    {
        using var response = await _client.Http.GetAsync(new Uri(_client.Host.RootUri, "nothing/here"));
        Assert.Equal(404, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Lower_case_bearer_scheme_is_accepted()
    {
        var token = await _client.TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, _client.Api("vitals/apps/com.example.tvapp/crashMetricSet"));
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + token);
        using var response = await _client.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public void Host_uris_point_at_loopback()
    {
        var host = _client.Host;
        Assert.Equal($"http://127.0.0.1:{host.Port}/api/appstore", host.BaseUri.ToString());
        Assert.Equal($"http://127.0.0.1:{host.Port}/auth/o2/token", host.TokenUri.ToString());
        Assert.Equal($"http://127.0.0.1:{host.Port}/_emulator/", host.ControlUri.ToString());
        Assert.NotEqual(0, host.Port);
    }
}
