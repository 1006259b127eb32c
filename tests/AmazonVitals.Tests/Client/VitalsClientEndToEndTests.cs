using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire.V1;
using AmazonVitals.Emulator.Control;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>The facade over real HTTP: planning with freshness, paging, issues, and the rate gate against the server's limiter.</summary>
public sealed class VitalsClientEndToEndTests
{
    [Fact]
    public async Task Checks_fail_before_any_request_is_sent()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var bad = new MetricQuery(ClientHarness.Package, KnownMetricSets.Crash) { Dimensions = KnownMetricSets.Dimensions };

        var e = await Assert.ThrowsAsync<VitalsValidationException>(() => client.PlanAsync(bad, null, NullTrace.Instance, CancellationToken.None));
        Assert.Equal("TooManyDimensions", e.ErrorId);
        var issues = await Assert.ThrowsAsync<VitalsValidationException>(() =>
            client.PlanAsync(new IssueQuery(ClientHarness.Package, ReportType.Crash) { PageSize = 0 }, null, NullTrace.Instance, CancellationToken.None));
        Assert.Equal("PageSizeOutOfRange", issues.ErrorId);

        Assert.Empty(await h.SettledLogAsync());
        Assert.Equal(0, client.TokenRequestCount);
    }

    [Fact]
    public async Task Default_window_comes_from_freshness_which_is_then_cached()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();

        var plan = await client.PlanAsync(new MetricQuery(ClientHarness.Package, KnownMetricSets.Crash), null, NullTrace.Instance, CancellationToken.None);
        Assert.Equal(Utc(2026, 4, 19), plan.Start);
        Assert.Equal(Utc(2026, 4, 26), plan.End);
        Assert.Contains("crashRate", plan.Schema.Metrics);
        Assert.Contains("crashCount", plan.Schema.Metrics);

        var hourly = await client.PlanAsync(new MetricQuery(ClientHarness.Package, KnownMetricSets.Crash) { Period = AggregationPeriod.Hourly }, null, NullTrace.Instance, CancellationToken.None);
        Assert.Equal(Utc(2026, 4, 26, 15), hourly.End);
        Assert.Equal(Utc(2026, 4, 25, 15), hourly.Start);

        Assert.NotNull(client.CachedFreshness(ClientHarness.Package, KnownMetricSets.Crash));
        Assert.Null(client.CachedFreshness(ClientHarness.Package, KnownMetricSets.Anr));
        var log = await h.SettledLogAsync(2);
        Assert.Single(log, l => l.Route == RouteKind.Freshness);

        await client.GetFreshnessAsync(ClientHarness.Package, KnownMetricSets.Crash, NullTrace.Instance, CancellationToken.None, fresh: true);
        Assert.Equal(2, (await h.SettledLogAsync(3)).Count(l => l.Route == RouteKind.Freshness));
    }

    [Fact]
    public async Task Default_hourly_query_returns_exactly_the_24_hours()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var query = new MetricQuery(ClientHarness.Package, KnownMetricSets.Crash)
        {
            Period = AggregationPeriod.Hourly,
            Metrics = new[] { "crashRate", "crashCount" },
        };
        var rows = await ReadAllAsync(client, query);

        var hours = rows.Select(r => r.StartTime).Distinct().OrderBy(t => t).ToList();
        Assert.Equal(24, hours.Count);
        Assert.Equal(Utc(2026, 4, 25, 15), hours[0]);
        Assert.Equal(Utc(2026, 4, 26, 14), hours[^1]);
        Assert.All(rows, r => Assert.IsType<double>(r.Values[0]));
        Assert.All(rows, r => Assert.IsType<long>(r.Values[1]));

        // Two whole dates went over the wire; the rows outside the hours were dropped.
        var body = Queries(await h.SettledLogAsync(2))[0].Body!;
        using var doc = JsonDocument.Parse(body);
        var spec = doc.RootElement.GetProperty("timelineSpec");
        Assert.Equal("HOURLY", spec.GetProperty("aggregationPeriod").GetString());
        Assert.Equal(25, spec.GetProperty("startTime").GetProperty("day").GetInt32());
        Assert.Equal(27, spec.GetProperty("endTime").GetProperty("day").GetInt32());
    }

    [Fact]
    public async Task Paged_rows_match_one_big_page_and_the_page_size_is_sent()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var paged = Flatten(await ReadAllAsync(client, PagedQuery(pageSize: 6)));
        var whole = Flatten(await ReadAllAsync(client, PagedQuery(pageSize: 1000)));
        Assert.Equal(whole, paged);
        Assert.Equal(20, whole.Count); // 10 versionCodes x 2 days
        Assert.Equal(2, whole.Select(r => r[..10]).Distinct().Count());

        var queries = Queries(await h.SettledLogAsync(5));
        Assert.Equal(5, queries.Count);
        Assert.All(queries.Take(4), q => Assert.Contains("\"pageSize\":6", q.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prefetch_gives_the_same_rows_in_the_same_order()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var plain = Flatten(await ReadAllAsync(client, PagedQuery(pageSize: 3)));
        var prefetched = Flatten(await ReadAllAsync(client, PagedQuery(pageSize: 3), prefetch: true));
        Assert.Equal(plain, prefetched);
        var queries = Queries(await h.SettledLogAsync(14));
        Assert.Equal(14, queries.Count);
        Assert.Equal(queries.Take(7).Select(q => q.PageToken), queries.Skip(7).Select(q => q.PageToken));
    }

    [Fact]
    public async Task Issues_query_returns_ranked_issue_rows()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var plan = await client.PlanAsync(new IssueQuery(ClientHarness.Package, ReportType.Crash) { Dimensions = new[] { "deviceType" }, PageSize = 5 },
            null, NullTrace.Instance, CancellationToken.None);
        Assert.Equal(Utc(2026, 4, 19), V1Window.DatesOf(plan).Start);

        var rows = new List<IssueRow>();
        using (var reader = client.OpenIssues(plan, NullTrace.Instance, CancellationToken.None))
        {
            while (await reader.ReadAsync() is { } page)
                rows.AddRange(page.Rows);
        }

        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.CrashDescriptor));
            Assert.False(string.IsNullOrEmpty(r.ReportText));
            Assert.True(r.ErrorEventCount > 0);
            Assert.NotNull(r.AffectedDeviceCount);
            Assert.Contains(r.Dimensions.Single(), new[] { "AMAZON_FIRE_TV", "AMAZON_TABLETS" });
        });
        Assert.Contains(rows, r => r.ReportText!.Contains('\n', StringComparison.Ordinal));

        var body = Queries(await h.SettledLogAsync(2))[0].Body!;
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("CRASH", doc.RootElement.GetProperty("reportType").GetString());
        Assert.False(doc.RootElement.TryGetProperty("timelineSpec", out _));
    }

    [Fact]
    public async Task Unknown_metric_set_reaches_the_server()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var info = await client.GetFreshnessAsync(ClientHarness.Package, "renderingMetricSet", NullTrace.Instance, CancellationToken.None);
        Assert.NotEmpty(info.Metrics);
        var rows = await ReadAllAsync(client, new MetricQuery(ClientHarness.Package, "renderingMetricSet") { Start = Utc(2026, 4, 24) });
        Assert.NotEmpty(rows);
        Assert.Equal(info.Metrics.Length, rows[0].Values.Length);
    }

    [Fact]
    public async Task Client_rate_gate_keeps_under_the_server_limit()
    {
        // The emulator's real limiter (3 per rolling second per client id) against the client's gate at 3.
        await using var h = await ClientHarness.StartAsync(rateLimit: 3);
        var client = h.CreateClient(h.Options(requestsPerSecond: 3));
        var rows = await ReadAllAsync(client, PagedQuery(pageSize: 3));
        Assert.Equal(20, rows.Count);

        var api = (await h.SettledLogAsync(8)).Where(l => l.Route is RouteKind.Query or RouteKind.Freshness).ToList();
        Assert.Equal(7, api.Count);
        Assert.All(api, q => Assert.Equal(200, q.Status));
        for (var i = 0; i + 3 < api.Count; i++)
            Assert.True(api[i + 3].Time - api[i].Time >= TimeSpan.FromSeconds(1), $"requests {i} and {i + 3} arrived within a second");
    }

    [Fact]
    public async Task Server_rate_limit_is_survived_by_retrying_when_the_client_gate_is_wide()
    {
        await using var h = await ClientHarness.StartAsync(rateLimit: 3);
        var client = h.CreateClient(h.Options(requestsPerSecond: 1000, maxRetryCount: 5));
        var rows = await ReadAllAsync(client, PagedQuery(pageSize: 3));
        Assert.Equal(20, rows.Count);
        var queries = Queries(await h.SettledLogAsync(7));
        Assert.Contains(queries, q => q.Status == 429);
        Assert.Equal(7, queries.Count(q => q.Status == 200));
    }
}
