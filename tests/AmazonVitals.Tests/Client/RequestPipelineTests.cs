using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Emulator.Control;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>Retries, timeouts and error mapping, against the emulator's faults over real HTTP.</summary>
[Collection(TimingCollection.Name)]
public sealed class RequestPipelineTests
{
    /// <summary>Reads the paged query once without faults, then clears the log for the run under test.</summary>
    private static async Task<List<string>> BaselineAsync(ClientHarness h, VitalsClient client)
    {
        var rows = Flatten(await ReadAllAsync(client, PagedQuery()));
        Assert.True(rows.Count > 12, $"the query must span at least three pages, got {rows.Count} rows");
        await h.SettledLogAsync();
        await h.ClearLogAsync();
        return rows;
    }

    private static int Pages(List<string> rows) => (rows.Count + 5) / 6;

    /// <summary>The fault hit the second page, and the very next request resent that page's token and succeeded.</summary>
    private static void AssertSamePageResent(IReadOnlyList<LogEntry> queries, string fault)
    {
        Assert.Null(queries[0].PageToken);
        Assert.Equal(200, queries[0].Status);
        Assert.Equal(fault, queries[1].Fault);
        Assert.NotNull(queries[1].PageToken);
        Assert.Equal(queries[1].PageToken, queries[2].PageToken);
        Assert.Equal(200, queries[2].Status);
        Assert.Null(queries[2].Fault);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_status_on_the_second_page_is_retried_with_the_same_token(int status)
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var baseline = await BaselineAsync(h, client);

        await h.AddFaultsAsync($$"""[{"on":"query","nth":2,"count":1,"kind":"status","status":{{status}}}]""");
        var rows = Flatten(await ReadAllAsync(client, PagedQuery()));

        Assert.Equal(baseline, rows);
        var queries = Queries(await h.SettledLogAsync(Pages(baseline) + 1));
        Assert.Equal(Pages(baseline) + 1, queries.Count);
        Assert.Equal(status, queries[1].Status);
        AssertSamePageResent(queries, "status");
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("badjson")]
    [InlineData("truncate")]
    public async Task Broken_answers_on_the_second_page_are_retried(string kind)
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var baseline = await BaselineAsync(h, client);

        await h.AddFaultsAsync($$"""[{"on":"query","nth":2,"count":1,"kind":"{{kind}}"}]""");
        var rows = Flatten(await ReadAllAsync(client, PagedQuery()));

        Assert.Equal(baseline, rows);
        var queries = Queries(await h.SettledLogAsync(Pages(baseline) + 1));
        Assert.Equal(Pages(baseline) + 1, queries.Count);
        AssertSamePageResent(queries, kind);
    }

    [Fact]
    public async Task Two_different_faults_in_a_row_are_both_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var baseline = await BaselineAsync(h, client);

        await h.AddFaultsAsync("""
            [{"on":"query","nth":3,"count":1,"kind":"status","status":502},
             {"on":"query","nth":4,"count":1,"kind":"badjson"}]
            """);
        Assert.Equal(baseline, Flatten(await ReadAllAsync(client, PagedQuery(), prefetch: true)));
        var queries = Queries(await h.SettledLogAsync(Pages(baseline) + 2));
        Assert.Equal(Pages(baseline) + 2, queries.Count);
        Assert.Equal(queries[2].PageToken, queries[3].PageToken);
        Assert.Equal(queries[3].PageToken, queries[4].PageToken);
    }

    [Fact]
    public async Task Persistent_503_fails_after_MaxRetryCount_plus_one_attempts()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":100,"kind":"status","status":503}]""");
        var client = h.CreateClient(h.Options(maxRetryCount: 3));

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, PagedQuery()));
        watch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(VitalsErrorKind.Unavailable, e.Kind);
        Assert.Equal("UNAVAILABLE", e.ErrorCode);
        Assert.Equal("Injected fault: HTTP 503", e.ServerMessage);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.Contains(e.RequestId!, e.Message, StringComparison.Ordinal);
        // 50, 100 and 200 ms of backoff (with jitter): far below the bound.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.ElapsedMilliseconds} ms");

        var queries = Queries(await h.SettledLogAsync(4));
        Assert.Equal(4, queries.Count);
        Assert.All(queries, q => Assert.Equal(503, q.Status));
        Assert.Equal(queries[^1].RequestId, e.RequestId);
    }

    [Fact]
    public async Task No_retries_when_MaxRetryCount_is_zero()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":100,"kind":"status","status":503}]""");
        var client = h.CreateClient(h.Options(maxRetryCount: 0));
        await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, PagedQuery()));
        Assert.Single(Queries(await h.SettledLogAsync(2)));
    }

    [Fact]
    public async Task Injected_400_is_not_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":1,"kind":"status","status":400}]""");
        var client = h.CreateClient();

        var e = await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, PagedQuery()));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(VitalsErrorKind.InvalidArgument, e.Kind);
        Assert.False(e.IsTransient);
        await Task.Delay(300); // time enough for a retry to show up, were there one
        Assert.Single(Queries(await h.SettledLogAsync(2)));
    }

    [Fact]
    public async Task Server_validation_400_is_not_retried_and_carries_the_server_message()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var query = new MetricQuery(ClientHarness.Package, KnownMetricSets.Crash)
        {
            Start = Utc(2026, 4, 20),
            End = Utc(2026, 4, 21),
            Metrics = new[] { "bogusMetric" },
        };

        var e = await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, query));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", e.ErrorCode);
        Assert.Equal("INVALID_ARGUMENT", e.ErrorId);
        Assert.Contains("bogusMetric", e.ServerMessage, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Single(Queries(await h.SettledLogAsync(2)));
    }

    [Fact]
    public async Task Not_found_is_not_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var query = new MetricQuery("com.example.nodata", KnownMetricSets.Crash)
        {
            Start = Utc(2026, 4, 20),
            End = Utc(2026, 4, 21),
            Metrics = new[] { "crashRate" },
        };

        var e = await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, query));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal(VitalsErrorKind.NotFound, e.Kind);

        var freshness = await Assert.ThrowsAsync<VitalsApiException>(() =>
            client.GetFreshnessAsync("com.example.unknown", KnownMetricSets.Crash, NullTrace.Instance, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, freshness.StatusCode);

        await Task.Delay(300);
        var log = await h.SettledLogAsync(3);
        Assert.Single(Queries(log));
        Assert.Single(log, l => l.Route == RouteKind.Freshness);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Retry_after_is_honoured(int status)
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync($$"""[{"on":"query","nth":1,"count":1,"kind":"status","status":{{status}},"retryAfter":"1"}]""");
        var client = h.CreateClient(h.Options(retryAfterCap: TimeSpan.FromSeconds(10)));

        Assert.NotEmpty(await ReadAllAsync(client, PagedQuery(pageSize: 100)));

        var queries = Queries(await h.SettledLogAsync(3));
        Assert.Equal(2, queries.Count);
        var gap = queries[1].Time - queries[0].Time;
        // The backoff alone would be about 50 ms.
        Assert.True(gap >= TimeSpan.FromMilliseconds(900), $"retried after {gap.TotalMilliseconds:0} ms");
        Assert.True(gap < TimeSpan.FromSeconds(5), $"retried after {gap.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Retry_after_is_capped()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":1,"kind":"status","status":503,"retryAfter":"30"}]""");
        var client = h.CreateClient(h.Options(retryAfterCap: TimeSpan.FromSeconds(1)));

        var watch = Stopwatch.StartNew();
        Assert.NotEmpty(await ReadAllAsync(client, PagedQuery(pageSize: 100)));
        // Well below the 30 s the server asked for, with room for a loaded machine; the gap in the
        // server's log below is the precise check.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{watch.ElapsedMilliseconds} ms");

        var queries = Queries(await h.SettledLogAsync(3));
        Assert.Equal(2, queries.Count);
        var gap = queries[1].Time - queries[0].Time;
        Assert.True(gap < TimeSpan.FromSeconds(3), $"retried after {gap.TotalMilliseconds:0} ms");
        // It waits the cap, not the 50 ms backoff: Retry-After is still honoured up to the cap.
        Assert.True(gap >= TimeSpan.FromMilliseconds(900), $"retried after {gap.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Persistent_429_surfaces_as_LimitsExceeded_with_the_server_retry_after()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":100,"kind":"status","status":429,"retryAfter":"0"}]""");
        var client = h.CreateClient(h.Options(maxRetryCount: 2));
        var e = await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, PagedQuery()));
        Assert.Equal(VitalsErrorKind.LimitsExceeded, e.Kind);
        Assert.Equal((HttpStatusCode)429, e.StatusCode);
        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
        Assert.Equal(3, Queries(await h.SettledLogAsync(3)).Count);
    }

    [Fact]
    public async Task Slow_answer_past_the_attempt_timeout_is_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(attemptTimeout: TimeSpan.FromSeconds(1)));
        var baseline = await BaselineAsync(h, client);

        await h.AddFaultsAsync("""[{"on":"query","nth":2,"count":1,"kind":"slow","delayMs":5000}]""");
        var watch = Stopwatch.StartNew();
        var rows = Flatten(await ReadAllAsync(client, PagedQuery()));
        watch.Stop();

        Assert.Equal(baseline, rows);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"{watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4.5), $"{watch.ElapsedMilliseconds} ms: the slow answer was waited for");
        var queries = Queries(await h.SettledLogAsync(Pages(baseline) + 1));
        Assert.Equal(Pages(baseline) + 1, queries.Count);
        Assert.Equal("slow", queries[1].Fault);
        Assert.Equal(queries[1].PageToken, queries[2].PageToken);
    }

    [Fact]
    public async Task Total_timeout_ends_the_call_as_a_Timeout()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":100,"kind":"slow","delayMs":10000}]""");
        var client = h.CreateClient(h.Options(attemptTimeout: TimeSpan.FromSeconds(20), totalTimeout: TimeSpan.FromSeconds(1)));

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<VitalsException>(() => ReadAllAsync(client, PagedQuery()));
        Assert.Equal("Timeout", e.ErrorId);
        Assert.Equal(VitalsErrorKind.Timeout, e.Kind);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Cancellation_during_a_slow_answer_is_prompt()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":1,"kind":"slow","delayMs":15000}]""");
        var client = h.CreateClient();
        await client.ConnectAsync(NullTrace.Instance, CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var reading = ReadAllAsync(client, PagedQuery(), cancellationToken: cancel.Token);
        await WaitForAsync(() => SlowInFlight(h));
        Assert.False(reading.IsCompleted);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"cancellation took {watch.ElapsedMilliseconds} ms");
        // Not retried after the cancellation.
        await Task.Delay(300);
        Assert.Single(Queries(await h.SettledLogAsync(2)));
    }

    // The slow fault is used up once the emulator has taken it: the request is then in flight.
    private static bool SlowInFlight(ClientHarness h)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
            h.Emulator.State.Faults.Write(writer);
        return !System.Text.Encoding.UTF8.GetString(stream.ToArray()).Contains("\"slow\"", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_bad_json_is_MalformedResponse_with_the_request_id()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":100,"kind":"badjson"}]""");
        var client = h.CreateClient(h.Options(maxRetryCount: 2));

        var e = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAllAsync(client, PagedQuery()));

        Assert.Equal("MalformedResponse", e.ErrorId);
        Assert.Equal(VitalsErrorKind.MalformedResponse, e.Kind);
        Assert.True(e.IsTransient);
        var queries = Queries(await h.SettledLogAsync(3));
        Assert.Equal(3, queries.Count);
        Assert.All(queries, q => Assert.Equal("badjson", q.Fault));
        Assert.Equal(queries[^1].RequestId, e.RequestId);
        Assert.Contains(queries[^1].RequestId, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_drop_is_ConnectionFailed_after_the_retries()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":100,"kind":"drop"}]""");
        var client = h.CreateClient(h.Options(maxRetryCount: 2));

        var e = await Assert.ThrowsAsync<VitalsException>(() => ReadAllAsync(client, PagedQuery()));
        Assert.Equal("ConnectionFailed", e.ErrorId);
        Assert.Equal(VitalsErrorKind.Connection, e.Kind);
        Assert.Contains("3 attempts", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, Queries(await h.SettledLogAsync(3)).Count);
    }

    [Fact]
    public async Task Connection_refused_is_ConnectionFailed()
    {
        var port = ClientHarness.UnusedPort();
        var root = new Uri($"http://127.0.0.1:{port}/");
        var client = VitalsClient.Create(new VitalsClientOptions("refused-" + Guid.NewGuid().ToString("N"), ClientHarness.Secure("s"))
        {
            BaseUri = new Uri(root, "api/appstore"),
            TokenUri = new Uri(root, "auth/o2/token"),
            MaxRetryCount = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        });

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<VitalsException>(() => client.ConnectAsync(NullTrace.Instance, CancellationToken.None));

        Assert.Equal("ConnectionFailed", e.ErrorId);
        Assert.Equal(VitalsErrorKind.Connection, e.Kind);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Freshness_is_retried_too()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"freshness","nth":1,"count":1,"kind":"status","status":500}]""");
        var client = h.CreateClient();
        var info = await client.GetFreshnessAsync(ClientHarness.Package, KnownMetricSets.Crash, NullTrace.Instance, CancellationToken.None);
        Assert.Equal(Utc(2026, 4, 25), info.LatestDaily);
        var log = await h.SettledLogAsync(3);
        Assert.Equal(new[] { 500, 200 }, log.Where(l => l.Route == RouteKind.Freshness).Select(l => l.Status));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10);
        Assert.True(condition(), "condition not met in 10 s");
    }
}
