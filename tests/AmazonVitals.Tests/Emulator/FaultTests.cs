using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static AmazonVitals.Tests.Emulator.EmulatorTestClient;

namespace AmazonVitals.Tests.Emulator;

/// <summary>Faults are global to one emulator, so each test resets it first (tests of a class run one at a time).</summary>
public sealed class FaultTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorTestClient _client;

    public FaultTests(EmulatorFixture fixture)
    {
        _client = fixture.Client;
        fixture.Host.Reset();
    }

    private static JsonObject Body => Daily("2026-04-25", "2026-04-26");

    [Fact]
    public async Task Status_fault_hits_the_nth_matching_request_only()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"query","nth":2,"count":1,"kind":"status","status":503,"retryAfter":"2"}]""");
        Assert.Equal(200, (await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token)).Status);
        Assert.Equal(200, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token)).Status);
        var failed = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token);
        Assert.Equal(503, failed.Status);
        Assert.Equal("UNAVAILABLE", failed.Code);
        Assert.Equal(503, failed.Json!["status"]!.GetValue<int>());
        Assert.Equal("2", failed.Headers.GetValues("Retry-After").Single());
        Assert.True(failed.Headers.Contains("x-amzn-RequestId"));
        Assert.Equal(200, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token)).Status);

        var log = await _client.LogAsync(e => e["fault"] != null);
        var faulted = Assert.Single(log, e => e!["fault"] != null);
        Assert.Equal("status", faulted!["fault"]!.GetValue<string>());
        Assert.Equal(503, faulted["status"]!.GetValue<int>());
        Assert.Empty((await _client.ControlAsync(HttpMethod.Get, "faults"))["faults"]!.AsArray());
    }

    [Fact]
    public async Task Count_covers_consecutive_requests_and_api_matches_freshness()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"api","nth":1,"count":2,"kind":"status","status":500}]""");
        var first = await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token);
        Assert.Equal(500, first.Status);
        Assert.Equal("INTERNAL", first.Code);
        Assert.Equal(500, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token)).Status);
        Assert.Equal(200, (await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token)).Status);
    }

    [Fact]
    public async Task Token_fault_uses_the_LWA_shape()
    {
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"token","kind":"status","status":500}]""");
        using var response = await _client.TokenResponseAsync();
        Assert.Equal(500, (int)response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("server_error", json["error"]!.GetValue<string>());
        await _client.TokenAsync();
    }

    [Fact]
    public async Task Drop_aborts_the_connection()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"query","kind":"drop"}]""");
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token));
        Assert.Equal(200, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token)).Status);
        var entry = (await _client.LogAsync(e => e["fault"] != null)).First(e => e!["fault"] != null)!;
        Assert.Equal("drop", entry["fault"]!.GetValue<string>());
        Assert.Equal(0, entry["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Truncate_sends_half_the_body_then_aborts()
    {
        var token = await _client.TokenAsync();
        var body = Daily("2026-04-20", "2026-04-26");
        body["dimensions"] = List("countryCode");
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"query","kind":"truncate"}]""");
        using var request = new HttpRequestMessage(HttpMethod.Post, _client.Api("vitals/apps/com.example.tvapp/crashMetricSet:query"))
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage? response = null;
        try
        {
            response = await _client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException)
        {
            // On a very busy machine the reset can overtake the headers: the answer is cut all the same.
        }
        if (response is not null)
        {
            using (response)
            {
                Assert.Equal(200, (int)response.StatusCode);
                Assert.True(response.Content.Headers.ContentLength > 1000);
                await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
            }
        }
        var log = await _client.LogAsync(e => e["fault"] != null);
        Assert.Equal("truncate", log.Last()!["fault"]!.GetValue<string>());
    }

    [Fact]
    public async Task Badjson_sends_a_200_that_does_not_parse()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"query","kind":"badjson"}]""");
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token);
        Assert.Equal(200, answer.Status);
        Assert.Null(answer.Json);
        Assert.StartsWith("{\"status\":200,\"rows\":[{", answer.Text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(answer.Text));
    }

    [Fact]
    public async Task Slow_delays_the_answer()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"freshness","kind":"slow","delayMs":400}]""");
        var watch = Stopwatch.StartNew();
        var answer = await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token);
        Assert.Equal(200, answer.Status);
        Assert.True(watch.ElapsedMilliseconds >= 380, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Slow_honours_the_client_giving_up()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"freshness","kind":"slow","delayMs":20000}]""");
        using var cts = new CancellationTokenSource(300);
        using var request = new HttpRequestMessage(HttpMethod.Get, _client.Api("vitals/apps/com.example.tvapp/crashMetricSet"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.Http.SendAsync(request, cts.Token));

        // The server stops waiting too and logs the request with status 0.
        static bool IsSlow(JsonNode e) => e["fault"]?.GetValue<string>() == "slow";
        var entry = (await _client.LogAsync(IsSlow)).FirstOrDefault(e => e is not null && IsSlow(e));

        Assert.NotNull(entry);
        Assert.Equal(0, entry!["status"]!.GetValue<int>());
        Assert.True(entry["durationMs"]!.GetValue<double>() < 10_000);
    }

    [Fact]
    public async Task ExpireToken_invalidates_every_token_including_this_request()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"query","kind":"expireToken"}]""");
        var answer = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token);
        Assert.Equal(403, answer.Status);
        Assert.Equal("UNAUTHORIZED", answer.Code);
        Assert.Equal(403, (await _client.FreshnessAsync("com.example.tvapp", "crashMetricSet", token)).Status);
        Assert.Equal(200, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body)).Status);
    }

    [Fact]
    public async Task Faults_apply_in_order_and_can_be_cleared()
    {
        var token = await _client.TokenAsync();
        await _client.ControlAsync(HttpMethod.Post, "faults",
            """[{"on":"query","nth":1,"kind":"status","status":502},{"on":"query","nth":1,"count":2,"kind":"status","status":504}]""");
        Assert.Equal(502, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token)).Status);
        var second = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token);
        Assert.Equal(504, second.Status);
        Assert.Equal("DEADLINE_EXCEEDED", second.Code);
        Assert.Equal(200, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token)).Status);

        await _client.ControlAsync(HttpMethod.Post, "faults", """[{"on":"any","nth":1,"count":5,"kind":"status","status":500}]""");
        Assert.Single((await _client.ControlAsync(HttpMethod.Get, "faults"))["faults"]!.AsArray());
        await _client.ControlAsync(HttpMethod.Delete, "faults");
        Assert.Equal(200, (await _client.QueryAsync("com.example.tvapp", "crashMetricSet", Body, token)).Status);
    }

    [Theory]
    [InlineData("""[{"kind":"explode"}]""")]
    [InlineData("""[{"kind":"status"}]""")]
    [InlineData("""[{"kind":"drop","on":"everything"}]""")]
    [InlineData("""[{"kind":"drop","nth":0}]""")]
    [InlineData("not json")]
    public async Task Malformed_faults_are_400(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.Http.PostAsync(new Uri(_client.Host.ControlUri, "faults"), content);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }
}
