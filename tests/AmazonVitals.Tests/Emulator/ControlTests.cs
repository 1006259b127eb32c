using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static AmazonVitals.Tests.Emulator.EmulatorTestClient;

namespace AmazonVitals.Tests.Emulator;

public sealed class ControlTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorTestClient _client;

    public ControlTests(EmulatorFixture fixture)
    {
        _client = fixture.Client;
        fixture.Host.Reset();
    }

    [Fact]
    public async Task Log_records_requests_oldest_first_without_secrets()
    {
        var token = await _client.TokenAsync();
        await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token);
        var body = Daily("2026-04-20", "2026-04-22");
        body["dimensions"] = List("versionCode");
        body["pageSize"] = 4;
        var first = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body, token);
        var pageToken = first.Json!["nextPageToken"]!.GetValue<string>();
        body["pageToken"] = pageToken;
        var second = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body, token);
        await _client.QueryAsync("com.example.bogus", "crashMetricSet", body, token);

        var log = await _client.LogAsync(entries: 5);
        var text = log.ToJsonString();
        Assert.Equal(["token", "freshness", "query", "query", "query"], log.Select(e => e!["route"]!.GetValue<string>()));
        Assert.Equal(log.Select(e => e!["seq"]!.GetValue<long>()).Order(), log.Select(e => e!["seq"]!.GetValue<long>()));
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Atc|", text, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("client_credentials", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", text, StringComparison.OrdinalIgnoreCase);

        var tokenEntry = log[0]!;
        Assert.Equal("emulator-client", tokenEntry["clientId"]!.GetValue<string>());
        Assert.Null(tokenEntry["body"]);
        Assert.Equal("POST", tokenEntry["method"]!.GetValue<string>());
        Assert.Equal("/auth/o2/token", tokenEntry["path"]!.GetValue<string>());

        var q1 = log[2]!;
        Assert.Equal("com.example.tvapp", q1["package"]!.GetValue<string>());
        Assert.Equal("crashMetricSet", q1["metricSet"]!.GetValue<string>());
        Assert.Equal(200, q1["status"]!.GetValue<int>());
        Assert.Equal(4, q1["resultCount"]!.GetValue<int>());
        Assert.Equal("DAILY", q1["body"]!["timelineSpec"]!["aggregationPeriod"]!.GetValue<string>());
        Assert.Null(q1["pageToken"]);
        Assert.Equal(first.Json["requestId"]!.GetValue<string>(), q1["requestId"]!.GetValue<string>());
        Assert.Null(q1["fault"]);
        Assert.True(DateTimeOffset.TryParse(q1["time"]!.GetValue<string>(), out _));

        var q2 = log[3]!;
        Assert.Equal(pageToken, q2["pageToken"]!.GetValue<string>());
        Assert.Equal(second.Json!["requestId"]!.GetValue<string>(), q2["requestId"]!.GetValue<string>());
        Assert.Equal(404, log[4]!["status"]!.GetValue<int>());

        // Control requests are logged but left out unless asked for.
        var withControl = (await _client.ControlAsync(HttpMethod.Get, "log?includeControl=true")).AsArray();
        Assert.Contains(withControl, e => e!["route"]!.GetValue<string>() == "control");
    }

    [Fact]
    public async Task Reset_clears_log_faults_and_tokens()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"query","nth":5,"kind":"drop"}]""");
        Assert.NotEmpty(await _client.LogAsync());
        await _client.ControlAsync(HttpMethod.Post, "reset");
        Assert.Empty(await _client.LogAsync());
        Assert.Empty((await _client.ControlAsync(HttpMethod.Get, "faults"))["faults"]!.AsArray());
        Assert.Equal(403, (await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token)).Status);
        // Sequence numbers restart, and the reset request itself is not left behind.
        var log = (await _client.ControlAsync(HttpMethod.Get, "log?includeControl=true")).AsArray();
        Assert.Equal(1, log[0]!["seq"]!.GetValue<long>());
        Assert.Equal("/_emulator/log", log[0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Config_changes_token_lifetime_and_clock_until_reset()
    {
        var config = await _client.ControlAsync(HttpMethod.Post, "config", """{"tokenLifetimeSeconds":5,"rateLimit":7,"now":"2026-05-10T03:00:00Z"}""");
        Assert.Equal(5, config["tokenLifetimeSeconds"]!.GetValue<int>());
        Assert.Equal(7, config["rateLimit"]!.GetValue<int>());
        Assert.Equal("2026-05-10T03:00:00Z", config["now"]!.GetValue<string>());

        using (var response = await _client.TokenResponseAsync())
        {
            Assert.Equal(5, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["expires_in"]!.GetValue<int>());
        }

        var freshness = await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet");
        Assert.Equal("2026-05-09", freshness.Json!["freshnessInfo"]![0]!["latestDataTimestamp"]!.GetValue<string>());
        Assert.Equal("2026-05-10T01", freshness.Json["freshnessInfo"]![1]!["latestDataTimestamp"]!.GetValue<string>());

        await _client.ControlAsync(HttpMethod.Post, "reset");
        config = await _client.ControlAsync(HttpMethod.Get, "config");
        Assert.Equal(3600, config["tokenLifetimeSeconds"]!.GetValue<int>());
        Assert.Equal(0, config["rateLimit"]!.GetValue<int>());
        Assert.Equal("2026-04-26T16:30:00Z", config["now"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_config_is_400_and_changes_nothing()
    {
        using var content = new StringContent("""{"rateLimit":5,"tokenLifetimeSeconds":-1}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.Http.PostAsync(new Uri(_client.Host.ControlUri, "config"), content);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(0, (await _client.ControlAsync(HttpMethod.Get, "config"))["rateLimit"]!.GetValue<int>());
    }
}
