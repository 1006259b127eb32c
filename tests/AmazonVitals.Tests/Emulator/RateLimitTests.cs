using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using AmazonVitals.Emulator;
using Xunit;

namespace AmazonVitals.Tests.Emulator;

/// <summary>
/// The emulator's limit, on a clock the test moves: requests sent back to back can take more than
/// a second to arrive on a busy machine, and then a real-time test would see no 429 at all.
/// </summary>
public sealed class RateLimitTests
{
    private const string Package = "com.example.tvapp";
    private const string MetricSet = "crashMetricSet";

    private static Task<EmulatorHost> StartAsync(ManualClock clock) =>
        EmulatorHost.StartAsync(EmulatorTestClient.Options(rateLimit: 3, rateLimitClock: clock));

    [Fact]
    public async Task Fourth_request_inside_a_second_is_429_then_ok_after_waiting()
    {
        var clock = new ManualClock();
        await using var host = await StartAsync(clock);
        using var client = new EmulatorTestClient(host);
        var token = await client.TokenAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await client.FreshnessAsync(Package, MetricSet, token)).Status);
        }

        var limited = await client.FreshnessAsync(Package, MetricSet, token);
        Assert.Equal(429, limited.Status);
        Assert.Equal("RATE_LIMITED", limited.Code);
        Assert.Equal("Exceeded 3 req/sec", limited.Message);
        Assert.Equal(429, limited.Json!["status"]!.GetValue<int>());
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());

        // Token and control routes are not limited.
        Assert.NotEqual(await client.TokenAsync(), token);
        await client.LogAsync();

        // The window rolls at one second from the first accepted request, not before.
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(429, (await client.FreshnessAsync(Package, MetricSet, token)).Status);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(200, (await client.FreshnessAsync(Package, MetricSet, token)).Status);
    }

    [Fact]
    public async Task Concurrent_requests_never_exceed_the_limit()
    {
        await using var host = await StartAsync(new ManualClock());
        using var client = new EmulatorTestClient(host);
        var token = await client.TokenAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.FreshnessAsync(Package, MetricSet, token)));
        Assert.Equal(3, answers.Count(a => a.Status == 200));
        Assert.Equal(9, answers.Count(a => a.Status == 429));
    }

    [Fact]
    public async Task Config_changes_the_limit_live_and_zero_turns_it_off()
    {
        var clock = new ManualClock();
        await using var host = await StartAsync(clock);
        using var client = new EmulatorTestClient(host);
        var token = await client.TokenAsync();
        await client.ControlAsync(HttpMethod.Post, "config", """{"rateLimit":0}""");
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(200, (await client.FreshnessAsync(Package, MetricSet, token)).Status);
        }

        await client.ControlAsync(HttpMethod.Post, "config", """{"rateLimit":1}""");
        Assert.Equal(200, (await client.FreshnessAsync(Package, MetricSet, token)).Status);
        Assert.Equal(429, (await client.FreshnessAsync(Package, MetricSet, token)).Status);
        var log = await client.LogAsync(e => e["status"]!.GetValue<int>() == 429);
        Assert.Equal(429, log[^1]!["status"]!.GetValue<int>());
    }
}
