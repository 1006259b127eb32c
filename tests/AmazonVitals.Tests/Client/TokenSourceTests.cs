using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Emulator.Control;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>Tokens over real HTTP: the emulator's LWA endpoint and its 403s.</summary>
public sealed class TokenSourceTests
{
    [Fact]
    public async Task Fifty_concurrent_callers_make_one_token_request()
    {
        await using var h = await ClientHarness.StartAsync();
        // A slow token answer keeps the first fetch in flight while the other 49 arrive.
        await h.AddFaultsAsync("""[{"on":"token","nth":1,"count":1,"kind":"slow","delayMs":300}]""");
        var client = h.CreateClient();

        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return client.GetTokenForTestAsync(CancellationToken.None);
        })).ToArray();
        start.Set();
        var tokens = await Task.WhenAll(callers);

        Assert.Single(tokens.Distinct(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(1, client.TokenRequestCount);
        var log = await h.SettledLogAsync(1);
        Assert.Single(Tokens(log));
        Assert.Equal("slow", Tokens(log)[0].Fault);
        Assert.Equal(200, Tokens(log)[0].Status);
        Assert.NotNull(client.TokenExpiresAt);
        Assert.True(client.TokenExpiresAt > DateTimeOffset.UtcNow.AddMinutes(55));
    }

    [Fact]
    public async Task Cached_token_is_reused_and_disconnect_forgets_it_for_good()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var first = await client.GetTokenForTestAsync(CancellationToken.None);
        Assert.Equal(first, await client.GetTokenForTestAsync(CancellationToken.None));
        Assert.Equal(1, client.TokenRequestCount);

        client.Disconnect();
        Assert.Null(client.TokenExpiresAt);
        // A call still running elsewhere (another runspace) ends with NotConnected, never with
        // the disposed secret's ObjectDisposedException, and asks the token endpoint nothing.
        var e = await Assert.ThrowsAsync<VitalsException>(() => client.GetTokenForTestAsync(CancellationToken.None));
        Assert.Equal("NotConnected", e.ErrorId);
        Assert.Equal(VitalsErrorKind.NotConnected, e.Kind);
        Assert.Equal(1, client.TokenRequestCount);
    }

    [Fact]
    public async Task Wrong_secret_is_an_authentication_error_that_never_shows_the_secret()
    {
        await using var h = await ClientHarness.StartAsync();
        const string wrong = "wrong-secret-5f1c9e";
        var trace = new RecordingTrace();
        var client = h.CreateClient(h.Options(secret: wrong));

        var e = await Assert.ThrowsAsync<VitalsException>(() => client.ConnectAsync(trace, CancellationToken.None));

        Assert.Equal(VitalsErrorKind.Authentication, e.Kind);
        Assert.Equal("InvalidCredentials", e.ErrorId);
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_client", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, string.Join("\n", trace.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain(ClientHarness.Secret, string.Join("\n", trace.Lines), StringComparison.Ordinal);
        // Refused credentials are not retried.
        var log = await h.SettledLogAsync(1);
        Assert.Single(Tokens(log));
        Assert.Equal(401, Tokens(log)[0].Status);
    }

    [Fact]
    public async Task Token_endpoint_outage_is_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"token","nth":1,"count":1,"kind":"status","status":503}]""");
        var client = h.CreateClient();
        await client.ConnectAsync(NullTrace.Instance, CancellationToken.None);
        Assert.Equal(1, client.TokenRequestCount);
        var log = await h.SettledLogAsync(2);
        Assert.Equal(new[] { 503, 200 }, Tokens(log).Select(e => e.Status));
    }

    [Fact]
    public async Task Expired_token_is_refreshed_once_and_the_query_succeeds()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var baseline = Flatten(await ReadAllAsync(client, PagedQuery()));
        Assert.True(baseline.Count > 12, "the query must span at least three pages");
        await h.ClearLogAsync();
        var fetchesBefore = client.TokenRequestCount;

        // The second query request finds every token issued so far expired: 403, then one refresh.
        await h.AddFaultsAsync("""[{"on":"query","nth":2,"count":1,"kind":"expireToken"}]""");
        var rows = Flatten(await ReadAllAsync(client, PagedQuery()));

        Assert.Equal(baseline, rows);
        Assert.Equal(fetchesBefore + 1, client.TokenRequestCount);
        var log = await h.SettledLogAsync(baseline.Count / 6 + 3);
        var sequence = log.Select(e => e.Route == RouteKind.Token ? "token" : e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal("200", sequence[0]);
        Assert.Equal("403", sequence[1]);
        Assert.Equal("token", sequence[2]);
        Assert.Equal("200", sequence[3]);
        Assert.Single(Tokens(log));
        // The retry after the refresh resends the same page.
        var queries = Queries(log);
        Assert.Equal("expireToken", queries[1].Fault);
        Assert.NotNull(queries[1].PageToken);
        Assert.Equal(queries[1].PageToken, queries[2].PageToken);
    }

    [Fact]
    public async Task Two_token_requests_in_total_when_the_first_token_expires()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":1,"kind":"expireToken"}]""");
        var client = h.CreateClient();
        var rows = await ReadAllAsync(client, PagedQuery(pageSize: 100));
        Assert.NotEmpty(rows);
        Assert.Equal(2, client.TokenRequestCount);
        var log = await h.SettledLogAsync(4);
        Assert.Equal(2, Tokens(log).Count);
        Assert.Equal(new[] { 403, 200 }, Queries(log).Select(e => e.Status));
    }

    [Theory]
    [InlineData("""[{"on":"query","nth":1,"count":2,"kind":"status","status":403}]""")]
    [InlineData("""[{"on":"query","nth":1,"count":2,"kind":"expireToken"}]""")]
    public async Task A_second_403_after_a_fresh_token_is_TokenRefusedAfterRefresh(string faults)
    {
        await using var h = await ClientHarness.StartAsync();
        await h.AddFaultsAsync(faults);
        var client = h.CreateClient();

        var e = await Assert.ThrowsAsync<VitalsException>(() => ReadAllAsync(client, PagedQuery()));

        Assert.Equal("TokenRefusedAfterRefresh", e.ErrorId);
        Assert.Equal(VitalsErrorKind.Authentication, e.Kind);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.Contains(e.RequestId!, e.Message, StringComparison.Ordinal);
        Assert.Equal(2, client.TokenRequestCount);
        // Not retried beyond the one refresh.
        var log = await h.SettledLogAsync(4);
        Assert.Equal(new[] { 403, 403 }, Queries(log).Select(q => q.Status));
        Assert.Equal(2, Tokens(log).Count);
        Assert.Equal(Queries(log)[1].RequestId, e.RequestId);
    }

    [Fact]
    public async Task Short_lived_tokens_are_refreshed_ahead_of_expiry()
    {
        // 2-second tokens refresh at half-life, so no request carries one that dies in flight.
        await using var h = await ClientHarness.StartAsync(tokenLifetimeSeconds: 2);
        var client = h.CreateClient();
        var first = await client.GetTokenForTestAsync(CancellationToken.None);
        Assert.Equal(first, await client.GetTokenForTestAsync(CancellationToken.None));
        await Task.Delay(1300);
        var second = await client.GetTokenForTestAsync(CancellationToken.None);
        Assert.NotEqual(first, second);
        Assert.Equal(2, client.TokenRequestCount);
        Assert.NotEmpty(await ReadAllAsync(client, PagedQuery(pageSize: 100)));
        var log = await h.SettledLogAsync(3);
        Assert.All(Queries(log), q => Assert.Equal(200, q.Status));
    }

    [Fact]
    public async Task Neither_the_secret_nor_the_token_reaches_the_trace()
    {
        await using var h = await ClientHarness.StartAsync();
        var trace = new RecordingTrace();
        var client = h.CreateClient();
        await client.ConnectAsync(trace, CancellationToken.None);
        var token = await client.GetTokenForTestAsync(CancellationToken.None);
        await ReadAllAsync(client, PagedQuery(), trace);

        var all = string.Join("\n", trace.Lines);
        Assert.Contains("DEBUG: POST /vitals/apps/com.example.tvapp/crashMetricSet:query body:", all, StringComparison.Ordinal);
        Assert.Contains("requestId=", all, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientHarness.Secret, all, StringComparison.Ordinal);
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callers_waiting_on_a_failing_token_fetch_share_its_failure_instead_of_retrying_it_each()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 1));
        // Retry-After 1 s keeps the fetch going long enough for every caller to be waiting on it.
        await h.AddFaultsAsync("""[{"on":"token","nth":1,"count":99,"kind":"status","status":503,"retryAfter":"1"}]""");

        var callers = Enumerable.Range(0, 5).Select(_ => Task.Run(() => client.GetTokenForTestAsync(CancellationToken.None))).ToArray();
        foreach (var caller in callers)
            Assert.Equal("TokenEndpointUnavailable", (await Assert.ThrowsAsync<VitalsException>(() => caller)).ErrorId);

        // One fetch and its one retry, however many callers were waiting for it.
        Assert.Equal(2, Tokens(await h.SettledLogAsync(2)).Count);
    }
}
