using System;
using System.Collections.Generic;
using System.Text;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>What an empty answer is told, and the remembered dimension values behind it.</summary>
public sealed class EmptyAnswerTests
{
    private const string Pkg = "com.example.tvapp";
    private static readonly FreshnessInfo Fresh = new(Pkg, KnownMetricSets.Crash, new[] { "crashRate" }, KnownMetricSets.Dimensions, Utc(2026, 4, 25), Utc(2026, 4, 26, 14));

    private static QueryPlan Plan(DateTime start, DateTime end, IReadOnlyDictionary<string, IReadOnlyList<string>>? filter = null) =>
        QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash) { Start = start, End = end, Metrics = new[] { "crashRate" }, Filter = filter ?? new Dictionary<string, IReadOnlyList<string>>() }, Fresh);

    [Fact]
    public void A_window_after_the_latest_data_is_named_and_one_that_reaches_it_is_not()
    {
        var past = EmptyAnswer.Explain(Plan(Utc(2026, 4, 26), Utc(2026, 4, 27)), Fresh, new SeenValues());
        var reason = Assert.Single(past);
        Assert.StartsWith("No rows: the window starts 2026-04-26 00:00Z, after the latest Daily data of com.example.tvapp in crashMetricSet (2026-04-25).", reason, StringComparison.Ordinal);
        Assert.Empty(EmptyAnswer.Explain(Plan(Utc(2026, 4, 25), Utc(2026, 4, 26)), Fresh, new SeenValues()));
        Assert.Empty(EmptyAnswer.Explain(Plan(Utc(2026, 4, 26), Utc(2026, 4, 27)), null, new SeenValues()));
    }

    [Fact]
    public void A_filter_value_never_seen_is_named_once_and_a_seen_one_never()
    {
        var seen = new SeenValues();
        foreach (var country in new[] { "US", "CA", "DE" })
            seen.Note(Pkg, "countryCode", country);
        var filter = new Dictionary<string, IReadOnlyList<string>> { ["countryCode"] = new[] { "USA", "CA" } };
        var plan = Plan(Utc(2026, 4, 20), Utc(2026, 4, 21), filter);

        var reason = Assert.Single(EmptyAnswer.Explain(plan, Fresh, seen));
        Assert.Equal("No rows: -Filter countryCode 'USA' is not among the 3 countryCode value(s) this session has seen in com.example.tvapp's rows (CA, DE, US). Check its spelling and form.", reason);
        Assert.Empty(EmptyAnswer.Explain(plan, Fresh, seen));
    }

    [Fact]
    public void A_dimension_with_too_many_values_is_not_remembered()
    {
        var seen = new SeenValues();
        for (var i = 0; i <= SeenValues.MaxPerDimension; i++)
            seen.Note(Pkg, "deviceModel", "M" + i);
        Assert.Null(seen.Of(Pkg, "deviceModel"));
    }

    [Fact]
    public void The_string_cache_tells_each_value_once_per_column()
    {
        var told = new List<(int, string)>();
        var cache = new StringCache((column, value) => told.Add((column, value)));
        var us = Encoding.UTF8.GetBytes("US");
        Assert.Same(cache.Get(us, 0), cache.Get(us, 0));
        cache.Get(us, 1);
        cache.Get(Encoding.UTF8.GetBytes("CA"), 0);
        Assert.Equal(new[] { (0, "US"), (1, "US"), (0, "CA") }, told);
    }
}
