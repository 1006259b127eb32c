using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static AmazonVitals.Tests.Emulator.EmulatorTestClient;

namespace AmazonVitals.Tests.Emulator;

public sealed class PagingTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorTestClient _client;

    public PagingTests(EmulatorFixture fixture) => _client = fixture.Client;

    [Fact]
    public async Task Pages_concatenate_to_the_same_rows_as_one_big_page()
    {
        var body = Daily("2026-04-20", "2026-04-23");
        body["dimensions"] = List("versionCode", "countryCode");
        body["metrics"] = List("crashRate", "distinctDevices");
        body["pageSize"] = 100_000;
        var whole = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body);
        Assert.Equal(200, whole.Status);
        Assert.Null(whole.Json!["nextPageToken"]);
        Assert.Equal(3 * 10 * 20, whole.Rows.Count);

        body["pageSize"] = 47;
        var (rows, pages) = await _client.AllRowsAsync("com.example.tvapp", "crashMetricSet", body);
        Assert.Equal((600 + 46) / 47, pages);
        Assert.Equal(whole.Rows.Select(r => r!.ToJsonString()), rows.Select(r => r.ToJsonString()));
        var keys = rows.Select(r => r["startTime"]!.ToJsonString() + r["dimensions"]!.ToJsonString()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task Default_page_size_is_1000_and_the_last_page_has_no_token()
    {
        var body = Daily("2026-04-16", "2026-04-26");
        body["dimensions"] = List("countryCode", "versionCode");
        var first = await _client.QueryAsync("com.example.tvapp", "anrMetricSet", body);
        Assert.Equal(1000, first.Json!["resultCount"]!.GetValue<int>());
        var token = first.Json["nextPageToken"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(token));

        body["pageToken"] = token;
        var second = await _client.QueryAsync("com.example.tvapp", "anrMetricSet", body);
        Assert.Equal(1000, second.Json!["resultCount"]!.GetValue<int>());
        Assert.Null(second.Json["nextPageToken"]);
        Assert.False(second.Json.ContainsKey("nextPageToken"));
    }

    [Fact]
    public async Task A_token_only_works_with_its_own_query()
    {
        var body = Daily("2026-04-20", "2026-04-23");
        body["dimensions"] = List("versionCode");
        body["pageSize"] = 5;
        var first = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", body);
        var token = first.Json!["nextPageToken"]!.GetValue<string>();

        var other = Daily("2026-04-20", "2026-04-23");
        other["dimensions"] = List("countryCode");
        other["pageSize"] = 5;
        other["pageToken"] = token;
        var mismatched = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", other);
        Assert.Equal(400, mismatched.Status);
        Assert.Contains("pageToken does not match this query", mismatched.Message);

        var otherSet = (JsonObject)body.DeepClone();
        otherSet["pageToken"] = token;
        Assert.Equal(400, (await _client.QueryAsync("com.example.tvapp", "anrMetricSet", otherSet)).Status);
        Assert.Equal(400, (await _client.QueryAsync("com.example.tablet", "crashMetricSet", otherSet)).Status);

        // pageSize is not part of the binding: a client may change it between pages.
        var resized = (JsonObject)body.DeepClone();
        resized["pageToken"] = token;
        resized["pageSize"] = 7;
        var next = await _client.QueryAsync("com.example.tvapp", "crashMetricSet", resized);
        Assert.Equal(200, next.Status);
        Assert.Equal(7, next.Rows.Count);
    }

    [Fact]
    public async Task One_day_by_five_dimensions_is_40000_rows()
    {
        var body = Daily("2026-04-25", "2026-04-26");
        body["dimensions"] = List("versionCode", "countryCode", "deviceModel", "deviceType", "osVersion");
        body["metrics"] = List("crashRate", "crashCount", "distinctDevices");
        body["pageSize"] = 100_000;
        var answer = await _client.QueryAsync("com.example.regressed", "crashMetricSet", body);
        Assert.Equal(200, answer.Status);
        Assert.Equal(40_000, answer.Json!["resultCount"]!.GetValue<int>());
        Assert.Null(answer.Json["nextPageToken"]);
    }

    [Fact]
    public async Task Issues_pages_follow_the_ranking()
    {
        var body = new JsonObject
        {
            ["startTime"] = Date("2026-04-10"),
            ["endTime"] = Date("2026-04-20"),
            ["reportType"] = "CRASH",
            ["dimensions"] = List("deviceType"),
            ["pageSize"] = 9,
        };
        var (rows, pages) = await _client.AllRowsAsync("com.example.tvapp", "issuesMetricSet", body);
        Assert.True(pages > 2);
        body["pageSize"] = 1000;
        var whole = await _client.QueryAsync("com.example.tvapp", "issuesMetricSet", body);
        Assert.Equal(whole.Rows.Select(r => r!.ToJsonString()), rows.Select(r => r.ToJsonString()));
    }
}
