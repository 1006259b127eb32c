using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Model;
using Xunit;

namespace AmazonVitals.Tests.Client;

public sealed class NameCaseTests
{
    private sealed class Lines : IVitalsTrace
    {
        public List<string> Verbose { get; } = new();
        void IVitalsTrace.Verbose(string message) => Verbose.Add(message);
        public void Debug(string message) { }
    }

    [Theory]
    [InlineData("CrashRate", "crashRate")]
    [InlineData("crashRate", "crashRate")]
    [InlineData("renderingRate", "renderingRate")]
    public void Match_takes_the_known_case_and_leaves_unknown_names_alone(string given, string expected) =>
        Assert.Equal(expected, NameCase.Match(given, KnownMetricSets.MetricsOf(KnownMetricSets.Crash)));

    [Fact]
    public void Match_leaves_a_name_two_known_names_share_apart_from_case() =>
        Assert.Equal("ab", NameCase.Match("ab", new[] { "aB", "Ab" }));

    [Fact]
    public void A_rate_query_is_sent_in_the_known_case_and_each_change_is_one_verbose_line()
    {
        var trace = new Lines();
        var query = new MetricQuery("com.example.tvapp", KnownMetricSets.Crash)
        {
            Metrics = new[] { "CrashRate", "newMetric" },
            Dimensions = new[] { "VersionCode", "deviceType" },
        };
        var fixedQuery = NameCase.Fix(query, null, trace);
        Assert.Equal(new[] { "crashRate", "newMetric" }, fixedQuery.Metrics);
        Assert.Equal(new[] { "versionCode", "deviceType" }, fixedQuery.Dimensions);
        Assert.Equal(new[] { "-Metric CrashRate sent as crashRate: the API's names are case-sensitive.", "-Dimension VersionCode sent as versionCode: the API's names are case-sensitive." }, trace.Verbose);
        Assert.Equal("crashMetricSet", NameCase.MetricSet("CRASHMETRICSET", trace));
    }

    [Fact]
    public void A_filters_dimension_names_take_the_known_case_and_its_values_stay_as_given()
    {
        var trace = new Lines();
        var query = new MetricQuery("com.example.tvapp", KnownMetricSets.Crash)
        {
            Filter = new Dictionary<string, IReadOnlyList<string>> { ["CountryCode"] = new[] { "us" }, ["deviceType"] = new[] { "AMAZON_FIRE_TV" } },
        };
        var fixedQuery = NameCase.Fix(query, null, trace);
        Assert.Equal(new[] { "countryCode", "deviceType" }, fixedQuery.Filter.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "us" }, fixedQuery.Filter["countryCode"]);
        Assert.Equal(new[] { "-Filter CountryCode sent as countryCode: the API's names are case-sensitive." }, trace.Verbose);
        var issues = NameCase.Fix(new IssueQuery("p", ReportType.Crash) { Filter = query.Filter }, null, new Lines());
        Assert.True(issues.Filter.ContainsKey("countryCode"));
    }

    [Fact]
    public void The_servers_names_count_as_known()
    {
        var freshness = new FreshnessInfo("com.example.tvapp", "renderingMetricSet", new[] { "frameDropRate" }, new[] { "gpuModel" }, null, null);
        var query = new MetricQuery("com.example.tvapp", "renderingMetricSet") { Metrics = new[] { "FrameDropRate" }, Dimensions = new[] { "GPUModel" } };
        var fixedQuery = NameCase.Fix(query, freshness, new Lines());
        Assert.Equal(new[] { "frameDropRate" }, fixedQuery.Metrics);
        Assert.Equal(new[] { "gpuModel" }, fixedQuery.Dimensions);
    }

    [Fact]
    public void A_query_with_nothing_to_change_is_the_same_query()
    {
        var query = new MetricQuery("p", KnownMetricSets.Crash) { Metrics = new[] { "crashRate" }, Dimensions = Array.Empty<string>() };
        Assert.Same(query, NameCase.Fix(query, null, new Lines()));
    }
}
