using System;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>
/// The retry rules (Http/RetryRules.cs) as one table, over real HTTP against the emulator's faults:
/// for each failure, how many times the API and the token endpoint were asked, and the error id
/// the caller finally sees (null: the call succeeded). With MaxRetryCount 2, a retried failure
/// costs 3 attempts; one that is not retried costs 1.
/// </summary>
public sealed class RetryRulesTests
{
    private const int MaxRetryCount = 2;

    public static TheoryData<string, string, int, int, string?> Table => new()
    {
        // fault (JSON)                                                         case            queries tokens final error id
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":429}""", "429",            3, 1, "RATE_LIMITED" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":500}""", "500",            3, 1, "INTERNAL" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":502}""", "502",            3, 1, "BAD_GATEWAY" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":503}""", "503",            3, 1, "UNAVAILABLE" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":504}""", "504",            3, 1, "DEADLINE_EXCEEDED" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":400}""", "400",            1, 1, "INVALID_ARGUMENT" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":404}""", "404",            1, 1, "NOT_FOUND" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":409}""", "other 4xx",      1, 1, null },
        { """{"on":"query","nth":1,"count":99,"kind":"drop"}""",                "dropped",        3, 1, "ConnectionFailed" },
        { """{"on":"query","nth":1,"count":99,"kind":"truncate"}""",            "truncated",      3, 1, "ConnectionFailed" },
        { """{"on":"query","nth":1,"count":99,"kind":"badjson"}""",             "not JSON",       3, 1, "MalformedResponse" },
        { """{"on":"query","nth":1,"count":99,"kind":"body","body":"{\"rows\":\"none\"}"}""", "wrong shape", 1, 1, "MalformedResponse" },
        { """{"on":"query","nth":1,"count":99,"kind":"body","body":"{\"rows\":[{\"startTime\":{\"year\":2026,\"month\":4,\"day\":20},\"metrics\":[{\"name\":\"crashRate\",\"value\":\"NaN\"}]}]}"}""", "NaN value", 1, 1, "MalformedResponse" },
        { """{"on":"query","nth":1,"count":99,"kind":"body","body":"{\"rows\":[],\"nextPageToken\":\"again\"}"}""", "token repeats", 2, 1, "MalformedResponse" },
        { """{"on":"query","nth":1,"count":99,"kind":"body","status":418,"body":"{\"code\":\"TEAPOT\",\"message\":\"m\"}"}""", "unknown code", 1, 1, "TEAPOT" },
        { """{"on":"query","nth":1,"count":1,"kind":"status","status":503}""",  "one 503",        2, 1, "" },
        { """{"on":"query","nth":1,"count":1,"kind":"status","status":403}""",  "one 403",        2, 2, "" },
        { """{"on":"query","nth":1,"count":99,"kind":"status","status":403}""", "403 after refresh", 2, 2, "TokenRefusedAfterRefresh" },
        { """{"on":"token","nth":1,"count":99,"kind":"status","status":401}""", "token 401",      0, 1, "InvalidCredentials" },
        { """{"on":"token","nth":1,"count":99,"kind":"status","status":400}""", "token 400",      0, 1, "InvalidCredentials" },
        { """{"on":"token","nth":1,"count":99,"kind":"status","status":503}""", "token 503",      0, 3, "TokenEndpointUnavailable" },
        { """{"on":"token","nth":1,"count":99,"kind":"badjson"}""",             "token not JSON", 0, 3, "TokenEndpointUnavailable" },
        { """{"on":"token","nth":1,"count":99,"kind":"drop"}""",                "token dropped",  0, 3, "ConnectionFailed" },
        { """{"on":"token","nth":1,"count":1,"kind":"badjson"}""",              "token once bad", 1, 2, "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Each_failure_is_retried_as_the_rules_say(string fault, string name, int queries, int tokens, string? finalErrorId)
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: MaxRetryCount));
        var plan = await client.PlanAsync(PagedQuery(pageSize: 100_000), null, NullTrace.Instance, CancellationToken.None);
        await h.AddFaultsAsync("[" + fault + "]");

        var error = await Record.ExceptionAsync(() => ReadAllAsync(client, plan));

        var log = await h.SettledLogAsync(queries + tokens);
        Assert.True(queries == Queries(log).Count, $"{name}: {Queries(log).Count} queries, expected {queries}");
        Assert.True(tokens == Tokens(log).Count, $"{name}: {Tokens(log).Count} token requests, expected {tokens}");
        if (string.IsNullOrEmpty(finalErrorId))
        {
            if (finalErrorId is null)
                Assert.IsAssignableFrom<VitalsException>(error); // an undocumented status: an error, never retried
            else
                Assert.Null(error);
            return;
        }
        var e = Assert.IsAssignableFrom<VitalsException>(error);
        Assert.Equal(finalErrorId, e.ErrorId);
    }

    [Fact]
    public async Task A_token_endpoint_that_keeps_answering_503_is_named_as_the_token_endpoint_not_the_API()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 1, retryBaseDelay: TimeSpan.FromMilliseconds(10)));
        await h.AddFaultsAsync("""[{"on":"token","nth":1,"count":99,"kind":"status","status":503}]""");

        var e = await Assert.ThrowsAsync<VitalsException>(() => ReadAllAsync(client, PagedQuery()));

        Assert.Equal("TokenEndpointUnavailable", e.ErrorId);
        Assert.Contains("it answered 503", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Vitals API", e.Message, StringComparison.Ordinal);
        // One sentence ends before the advice starts.
        Assert.Matches(@"\. Try again later", e.Message);
    }

    [Fact]
    public async Task A_status_retried_until_the_retries_ran_out_says_how_many_attempts_it_had_and_one_that_was_not_retried_does_not()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 2, retryBaseDelay: TimeSpan.FromMilliseconds(10), retryAfterCap: TimeSpan.FromMilliseconds(50)));
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":99,"kind":"status","status":503}]""");
        var e = await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, PagedQuery()));
        Assert.Equal(503, (int)e.StatusCode);
        Assert.EndsWith("(after 3 attempts)", e.Message, StringComparison.Ordinal);

        h.Emulator.Reset();
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":99,"kind":"status","status":400}]""");
        var once = await Assert.ThrowsAsync<VitalsApiException>(() => ReadAllAsync(client, PagedQuery()));
        Assert.Equal(400, (int)once.StatusCode);
        Assert.DoesNotContain("attempts", once.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_keeps_breaking_off_says_the_server_answered_rather_than_could_not_be_reached()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 1, retryBaseDelay: TimeSpan.FromMilliseconds(10)));
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":99,"kind":"truncate"}]""");

        var e = await Assert.ThrowsAsync<VitalsException>(() => ReadAllAsync(client, PagedQuery()));

        Assert.Equal("ConnectionFailed", e.ErrorId);
        Assert.Contains("answered, but the connection broke", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not reach", e.Message, StringComparison.Ordinal);
        // A page may break off for its size: the message names the fix.
        Assert.Contains("lower -PageSize", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_answer_that_breaks_off_does_not_suggest_a_smaller_page()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 0));
        await h.AddFaultsAsync("""[{"on":"freshness","nth":1,"count":99,"kind":"truncate"}]""");

        var e = await Assert.ThrowsAsync<VitalsException>(() =>
            client.GetFreshnessAsync(ClientHarness.Package, KnownMetricSets.Crash, NullTrace.Instance, CancellationToken.None));

        Assert.Equal("ConnectionFailed", e.ErrorId);
        Assert.DoesNotContain("PageSize", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_nobody_listens_on_could_not_be_reached()
    {
        await using var h = await ClientHarness.StartAsync();
        var options = h.Options(maxRetryCount: 0);
        // A port that was free a moment ago: the request is refused before any answer.
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            options.BaseUri = new Uri("http://127.0.0.1:" + ((System.Net.IPEndPoint)probe.LocalEndpoint).Port + "/api/appstore");
        }
        var client = h.CreateClient(options);

        var e = await Assert.ThrowsAsync<VitalsException>(() => ReadAllAsync(client, PagedQuery()));

        Assert.Equal("ConnectionFailed", e.ErrorId);
        Assert.Contains("Could not reach", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_endpoint_that_answers_200_without_a_token_costs_a_bounded_number_of_token_requests()
    {
        // The API request that needs the token must not retry the token endpoint's own retries:
        // (1 + MaxRetryCount) token requests in all, not (1 + MaxRetryCount)².
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 3));
        await h.AddFaultsAsync("""[{"on":"token","nth":1,"count":99,"kind":"badjson"}]""");

        var e = await Assert.ThrowsAsync<VitalsException>(() => ReadAllAsync(client, PagedQuery()));

        Assert.Equal("TokenEndpointUnavailable", e.ErrorId);
        Assert.Contains(h.Emulator.TokenUri.AbsolutePath, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Vitals API", e.Message, StringComparison.Ordinal);
        var log = await h.SettledLogAsync(4);
        Assert.Equal(4, Tokens(log).Count);
        Assert.Empty(Queries(log));
    }
}
