using System;
using System.Threading.Tasks;
using Xunit;

namespace AmazonVitals.Tests.Emulator;

/// <summary>Every validation rule of the reference and api-notes: 400 INVALID_ARGUMENT with a message that says what is wrong.</summary>
public sealed class ValidationTests : IClassFixture<EmulatorFixture>
{
    // Fixed clock: DAILY data 2026-03-27..2026-04-25, HOURLY 2026-04-12T00..2026-04-26T14.
    private const string Day1 = """{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21}}""";
    private const string Hour1 = """{"aggregationPeriod":"HOURLY","startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21}}""";

    private readonly EmulatorTestClient _client;

    public ValidationTests(EmulatorFixture fixture) => _client = fixture.Client;

    public static TheoryData<string, string> RateSetCases() => new()
    {
        { "{}", "timelineSpec is required" },
        { """{"metrics":["crashRate"]}""", "timelineSpec is required" },
        { """{"timelineSpec":null}""", "timelineSpec is required" },
        { """{"timelineSpec":"DAILY"}""", "timelineSpec must be an object" },
        { """{"timelineSpec":{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21}}}""", "timelineSpec.aggregationPeriod is required" },
        { """{"timelineSpec":{"aggregationPeriod":"WEEKLY","startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21}}}""", "timelineSpec.aggregationPeriod must be DAILY or HOURLY" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","endTime":{"year":2026,"month":4,"day":21}}}""", "timelineSpec.startTime is required" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":20}}}""", "timelineSpec.endTime is required" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":"2026-04-20","endTime":{"year":2026,"month":4,"day":21}}}""", "timelineSpec.startTime must be a UTC calendar date" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":2,"day":30},"endTime":{"year":2026,"month":4,"day":21}}}""", "timelineSpec.startTime is not a valid date" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":20}}}""", "timelineSpec.endTime must be greater than timelineSpec.startTime" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":21},"endTime":{"year":2026,"month":4,"day":20}}}""", "timelineSpec.endTime must be greater than timelineSpec.startTime" },
        { $$$"""{"timelineSpec":{{{Day1}}},"dimensions":["versionCode","countryCode","deviceModel","deviceType","deviceOS","osVersion"]}""", "At most 5 dimensions" },
        { $$$"""{"timelineSpec":{{{Day1}}},"metrics":["crashRate","bogus"]}""", "Unknown metric 'bogus'. Valid metrics for crashMetricSet: crashRate, crashRate7dUserWeighted" },
        { $$$"""{"timelineSpec":{{{Day1}}},"metrics":["anrRate"]}""", "Unknown metric 'anrRate'" },
        { $$$"""{"timelineSpec":{{{Day1}}},"metrics":"crashRate"}""", "metrics must be a list" },
        { $$$"""{"timelineSpec":{{{Day1}}},"dimensions":["bogus"]}""", "Unknown dimension 'bogus'. Valid dimensions: versionCode" },
        { $$$"""{"timelineSpec":{{{Day1}}},"dimensions":["versionCode","versionCode"]}""", "more than once" },
        { $$$"""{"timelineSpec":{{{Hour1}}},"metrics":["crashRate","crashRate28dUserWeighted"]}""", "crashRate28dUserWeighted not available for HOURLY" },
        { $$$"""{"timelineSpec":{{{Hour1}}},"metrics":["crashRate7dUserWeighted"]}""", "crashRate7dUserWeighted not available for HOURLY" },
        { $$$"""{"timelineSpec":{{{Hour1}}},"metrics":["userPerceivedCrashRate28dUserWeighted"]}""", "userPerceivedCrashRate28dUserWeighted not available for HOURLY" },
        { """{"timelineSpec":{"aggregationPeriod":"HOURLY","startTime":{"year":2026,"month":4,"day":12},"endTime":{"year":2026,"month":4,"day":28}}}""", "HOURLY queries limited to 15 days" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":3,"day":27},"endTime":{"year":2026,"month":4,"day":27}}}""", "DAILY queries limited to 30 days" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":3,"day":26},"endTime":{"year":2026,"month":3,"day":28}}}""", "before the oldest DAILY data kept (2026-03-27)" },
        { """{"timelineSpec":{"aggregationPeriod":"HOURLY","startTime":{"year":2026,"month":4,"day":11},"endTime":{"year":2026,"month":4,"day":13}}}""", "before the oldest HOURLY data kept (2026-04-12)" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageSize":0}""", "pageSize must be an integer between 1 and 100000" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageSize":100001}""", "pageSize must be an integer between 1 and 100000" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageSize":-5}""", "pageSize must be an integer between 1 and 100000" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageSize":"10"}""", "pageSize must be an integer between 1 and 100000" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageSize":2.5}""", "pageSize must be an integer between 1 and 100000" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageToken":"not a token!"}""", "pageToken is not valid" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageToken":"aGVsbG8="}""", "pageToken is not valid" },
        { $$$"""{"timelineSpec":{{{Day1}}},"pageToken":7}""", "pageToken must be a string" },
        { $$$"""{"timelineSpec":{{{Day1}}},"reportType":"CRASH"}""", "reportType is only applicable to issuesMetricSet" },
        { $$$"""{"timelineSpec":{{{Day1}}},"filter":"countryCode = US"}""", "filter must be a JSON object" },
        { $$$"""{"timelineSpec":{{{Day1}}},"filter":{"bogus":["x"]}}""", "Unknown dimension 'bogus' in filter" },
        { $$$"""{"timelineSpec":{{{Day1}}},"filter":{"countryCode":"US"}}""", "filter.countryCode must be a list of strings" },
        { $$$"""{"timelineSpec":{{{Day1}}},"filter":{"countryCode":[]}}""", "filter.countryCode must list at least one value" },
        { $$$"""{"timeline":{{{Day1}}},"timelineSpec":{{{Day1}}}}""", "Unknown field 'timeline'" },
        { """{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":20,"hours":3},"endTime":{"year":2026,"month":4,"day":21}}}""", "Unknown field 'timelineSpec.startTime.hours'" },
        { "not json", "Request body is not valid JSON" },
        { "[]", "Request body must be a JSON object" },
    };

    public static TheoryData<string, string> IssuesCases() => new()
    {
        { $$$"""{"timelineSpec":{{{Day1}}},"reportType":"CRASH"}""", "timelineSpec is not applicable to issuesMetricSet" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21}}""", "reportType is required for issuesMetricSet" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21},"reportType":"LMK"}""", "reportType must be CRASH or ANR" },
        { """{"endTime":{"year":2026,"month":4,"day":21},"reportType":"CRASH"}""", "startTime is required" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"reportType":"CRASH"}""", "endTime is required" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":20},"reportType":"CRASH"}""", "endTime must be greater than startTime" },
        { """{"startTime":{"year":2026,"month":3,"day":27},"endTime":{"year":2026,"month":4,"day":27},"reportType":"CRASH"}""", "issuesMetricSet queries limited to 30 days" },
        { """{"startTime":{"year":2026,"month":3,"day":20},"endTime":{"year":2026,"month":3,"day":28},"reportType":"CRASH"}""", "before the oldest data kept (2026-03-27)" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21},"reportType":"CRASH","metrics":["crashRate"]}""", "Unknown metric 'crashRate'. Valid metrics for issuesMetricSet: errorEventCount, affectedDeviceCount" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21},"reportType":"CRASH","dimensions":["a","b"]}""", "Unknown dimension 'a'" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21},"reportType":"CRASH","pageSize":0}""", "pageSize must be an integer between 1 and 100000" },
        { """{"startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21},"reportType":"CRASH","aggregationPeriod":"DAILY"}""", "Unknown field 'aggregationPeriod'" },
    };

    [Theory]
    [MemberData(nameof(RateSetCases))]
    public async Task Rate_set_query_is_refused(string body, string expected)
    {
        var answer = await _client.QueryRawAsync("com.example.tvapp", "crashMetricSet", body);
        AssertInvalid(answer, expected);
    }

    [Theory]
    [MemberData(nameof(IssuesCases))]
    public async Task Issues_query_is_refused(string body, string expected)
    {
        var answer = await _client.QueryRawAsync("com.example.tvapp", "issuesMetricSet", body);
        AssertInvalid(answer, expected);
    }

    [Theory]
    [InlineData("""{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":3,"day":27},"endTime":{"year":2026,"month":4,"day":26}}}""", 30)]
    [InlineData("""{"timelineSpec":{"aggregationPeriod":"HOURLY","startTime":{"year":2026,"month":4,"day":12},"endTime":{"year":2026,"month":4,"day":27}}}""", (14 * 24) + 15)]
    [InlineData("""{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":24},"endTime":{"year":2026,"month":5,"day":10}}}""", 2)]
    [InlineData("""{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":5,"day":1},"endTime":{"year":2026,"month":5,"day":2}}}""", 0)]
    [InlineData("""{"timelineSpec":{"aggregationPeriod":"DAILY","startTime":{"year":2026,"month":4,"day":20},"endTime":{"year":2026,"month":4,"day":21}},"pageToken":null,"pageSize":null,"metrics":[],"dimensions":[],"filter":null,"reportType":null}""", 1)]
    public async Task Edge_windows_are_accepted(string body, int rows)
    {
        var answer = await _client.QueryRawAsync("com.example.tvapp", "crashMetricSet", body);
        Assert.Equal(200, answer.Status);
        Assert.Equal(rows, answer.Rows.Count);
        Assert.Equal(rows, answer.Json!["resultCount"]!.GetValue<int>());
    }

    private static void AssertInvalid(EmulatorTestClient.Answer answer, string expected)
    {
        Assert.True(answer.Status == 400, $"expected 400 for '{expected}', got {answer.Status}: {answer.Text}");
        Assert.Equal("INVALID_ARGUMENT", answer.Code);
        Assert.Equal(400, answer.Json!["status"]!.GetValue<int>());
        Assert.Contains(expected, answer.Message, StringComparison.Ordinal);
        Assert.True(answer.Headers.Contains("x-amzn-RequestId"));
    }
}
