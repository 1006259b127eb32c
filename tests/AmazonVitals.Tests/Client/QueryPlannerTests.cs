using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire.V1;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

public sealed class QueryPlannerTests
{
    private const string Pkg = "com.example.tvapp";
    private const string Set = KnownMetricSets.Crash;

    /// <summary>Latest DAILY 2026-04-25, latest HOURLY 2026-04-26T14, as the emulator reports at its fixed clock.</summary>
    private static readonly FreshnessInfo Fresh = new(Pkg, Set,
        new[] { "crashRate", "crashCount", "distinctDevices" },
        KnownMetricSets.Dimensions,
        Utc(2026, 4, 25), Utc(2026, 4, 26, 14));

    private static VitalsValidationException Invalid(MetricQuery query, FreshnessInfo? freshness = null) =>
        Assert.Throws<VitalsValidationException>(() => QueryPlanner.Plan(query, freshness ?? Fresh));

    private static MetricQuery Daily(DateTime? start, DateTime? end) => new(Pkg, Set) { Start = start, End = end, Metrics = new[] { "crashRate" } };

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void End_not_after_start_is_refused(int hours)
    {
        var start = Utc(2026, 4, 20);
        var e = Invalid(Daily(start, start.AddHours(hours)));
        Assert.Equal("EndNotAfterStart", e.ErrorId);
        Assert.Equal("-EndTime", e.ParameterName);
        Assert.Equal(VitalsErrorKind.InvalidArgument, e.Kind);
        // The example is made of the dates given, not a fixed one.
        Assert.Contains("-StartTime 2026-04-20 00:00Z", e.Message);
        Assert.Contains("for the single day 2026-04-20 pass -StartTime 2026-04-20 -EndTime 2026-04-21.", e.Message);
        // Check alone (what PlanAsync runs before any request) says the same.
        Assert.Equal("EndNotAfterStart", Assert.Throws<VitalsValidationException>(() => QueryPlanner.Check(Daily(start, start.AddHours(hours)))).ErrorId);
    }

    [Theory]
    [InlineData("issuesMetricSet")]
    [InlineData("IssuesMetricSet")]
    public void The_issues_set_is_refused_as_a_rate_query_and_points_to_Get_VitalsIssue(string set)
    {
        // The reference gives issuesMetricSet its own request shape: a timelineSpec query can only fail at the server.
        var e = Assert.Throws<VitalsValidationException>(() => QueryPlanner.Check(new MetricQuery(Pkg, set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) }));
        Assert.Equal("IssuesSetIsNotRates", e.ErrorId);
        Assert.Equal("-MetricSet", e.ParameterName);
        Assert.Contains(set, e.Message, StringComparison.Ordinal);
        Assert.Contains("Get-VitalsIssue", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Six_dimensions_are_too_many_and_five_are_fine()
    {
        var six = new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), Dimensions = KnownMetricSets.Dimensions };
        var e = Invalid(six);
        Assert.Equal("TooManyDimensions", e.ErrorId);
        Assert.Equal("-Dimension", e.ParameterName);

        var five = new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), Dimensions = KnownMetricSets.Dimensions.Take(5).ToArray() };
        Assert.Equal(5, QueryPlanner.Plan(five, Fresh).Schema.Dimensions.Count);
    }

    [Theory]
    [InlineData("crashRate7dUserWeighted")]
    [InlineData("userPerceivedCrashRate28dUserWeighted")]
    [InlineData("someFutureRate7dUserWeighted")]
    public void Weighted_metrics_are_daily_only(string metric)
    {
        var hourly = new MetricQuery(Pkg, Set)
        {
            Period = AggregationPeriod.Hourly,
            Start = Utc(2026, 4, 25),
            End = Utc(2026, 4, 26),
            Metrics = new[] { "crashRate", metric },
        };
        var e = Invalid(hourly);
        Assert.Equal("DailyOnlyMetric", e.ErrorId);
        Assert.Equal("-Metric", e.ParameterName);
        Assert.Equal(metric, e.Value);

        var daily = new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 25), End = Utc(2026, 4, 26), Metrics = new[] { "crashRate", metric } };
        Assert.Contains(metric, QueryPlanner.Plan(daily, Fresh).Schema.Metrics);
    }

    [Fact]
    public void Hourly_may_span_15_days_but_not_16()
    {
        var ok = new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly, Start = Utc(2026, 4, 1), End = Utc(2026, 4, 16), Metrics = new[] { "crashRate" } };
        Assert.Equal(15, (V1Window.DatesOf(QueryPlanner.Plan(ok, Fresh)).End - V1Window.DatesOf(QueryPlanner.Plan(ok, Fresh)).Start).TotalDays);

        var wide = new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly, Start = Utc(2026, 4, 1), End = Utc(2026, 4, 17), Metrics = new[] { "crashRate" } };
        Assert.Equal("HourlyTooWide", Invalid(wide).ErrorId);
    }

    [Fact]
    public void Hourly_span_is_counted_in_the_whole_dates_sent()
    {
        // 15 days of hours, but 10:00 to 10:00 needs 16 whole dates on the wire, which the API refuses.
        var q = new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly, Start = Utc(2026, 4, 1, 10), End = Utc(2026, 4, 16, 10), Metrics = new[] { "crashRate" } };
        Assert.Equal("HourlyTooWide", Invalid(q).ErrorId);
    }

    [Fact]
    public void Daily_may_span_30_days_but_not_31()
    {
        Assert.Equal(30, (V1Window.DatesOf(QueryPlanner.Plan(Daily(Utc(2026, 3, 1), Utc(2026, 3, 31)), Fresh)).End - Utc(2026, 3, 1)).TotalDays);
        var e = Invalid(Daily(Utc(2026, 3, 1), Utc(2026, 4, 1)));
        Assert.Equal("DailyTooWide", e.ErrorId);
        Assert.Equal("-StartTime", e.ParameterName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100_001)]
    public void Page_size_outside_1_to_100000_is_refused(int size)
    {
        var q = new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), PageSize = size };
        var e = Invalid(q);
        Assert.Equal("PageSizeOutOfRange", e.ErrorId);
        Assert.Equal("-PageSize", e.ParameterName);
        Assert.Equal(size, e.Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    public void Page_size_at_the_bounds_is_kept(int size)
    {
        var q = new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), PageSize = size };
        Assert.Equal(size, QueryPlanner.Plan(q, Fresh).PageSize);
    }

    public static TheoryData<string, string> EmptyNames => new()
    {
        { "package", "-PackageName" },
        { "packageBlank", "-PackageName" },
        { "set", "-MetricSet" },
        { "dimension", "-Dimension" },
        { "filter", "-Filter" },
    };

    [Theory]
    [MemberData(nameof(EmptyNames))]
    public void Empty_names_are_refused(string which, string parameter)
    {
        var q = which switch
        {
            "package" => new MetricQuery("", Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) },
            "packageBlank" => new MetricQuery("   ", Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) },
            "set" => new MetricQuery(Pkg, "") { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) },
            "dimension" => new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), Dimensions = new[] { "versionCode", " " } },
            _ => new MetricQuery(Pkg, Set)
            {
                Start = Utc(2026, 4, 20),
                End = Utc(2026, 4, 21),
                Filter = new Dictionary<string, IReadOnlyList<string>> { [""] = new[] { "US" } },
            },
        };
        var e = Invalid(q);
        Assert.Equal("EmptyName", e.ErrorId);
        Assert.Equal(parameter, e.ParameterName);
    }

    [Fact]
    public void Issue_query_checks_too()
    {
        Assert.Equal("EmptyName", Assert.Throws<VitalsValidationException>(() => QueryPlanner.Check(new IssueQuery("", ReportType.Crash))).ErrorId);
        Assert.Equal("EndNotAfterStart", Assert.Throws<VitalsValidationException>(() =>
            QueryPlanner.Plan(new IssueQuery(Pkg, ReportType.Crash) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 20) }, null)).ErrorId);
        Assert.Equal("DailyTooWide", Assert.Throws<VitalsValidationException>(() =>
            QueryPlanner.Plan(new IssueQuery(Pkg, ReportType.Crash) { Start = Utc(2026, 3, 1), End = Utc(2026, 4, 1) }, null)).ErrorId);
        Assert.Equal("PageSizeOutOfRange", Assert.Throws<VitalsValidationException>(() =>
            QueryPlanner.Plan(new IssueQuery(Pkg, ReportType.Anr) { Start = Utc(2026, 4, 1), End = Utc(2026, 4, 2), PageSize = 0 }, null)).ErrorId);
    }

    [Fact]
    public void Daily_default_window_is_7_days_ending_after_the_latest_date()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, Set), Fresh);
        Assert.Equal(Utc(2026, 4, 19), plan.Start);
        Assert.Equal(Utc(2026, 4, 26), plan.End);
        Assert.Equal(plan.Start, V1Window.DatesOf(plan).Start);
        Assert.Equal(plan.End, V1Window.DatesOf(plan).End);
        Assert.False(V1Window.TrimsRows(plan));
        Assert.Equal(AggregationPeriod.Daily, plan.Period);
        Assert.Null(plan.ReportType);
    }

    [Fact]
    public void Daily_default_uses_the_date_of_a_latest_timestamp_that_has_a_time()
    {
        var fresh = new FreshnessInfo(Pkg, Set, new[] { "crashRate" }, Array.Empty<string>(), Utc(2026, 4, 25, 7), null);
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, Set), fresh);
        Assert.Equal(Utc(2026, 4, 26), plan.End);
        Assert.Equal(Utc(2026, 4, 19), plan.Start);
    }

    [Fact]
    public void Hourly_default_window_is_24_hours_ending_after_the_latest_hour()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly }, Fresh);
        Assert.Equal(Utc(2026, 4, 26, 15), plan.End);
        Assert.Equal(Utc(2026, 4, 25, 15), plan.Start);
        // Whole dates on the wire, rows outside the 24 hours dropped on arrival.
        Assert.Equal(Utc(2026, 4, 25), V1Window.DatesOf(plan).Start);
        Assert.Equal(Utc(2026, 4, 27), V1Window.DatesOf(plan).End);
        Assert.True(V1Window.TrimsRows(plan));
    }

    [Fact]
    public void Only_start_given_ends_after_the_latest_data()
    {
        var daily = QueryPlanner.Plan(new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 22) }, Fresh);
        Assert.Equal(Utc(2026, 4, 22), daily.Start);
        Assert.Equal(Utc(2026, 4, 26), daily.End);

        var hourly = QueryPlanner.Plan(new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly, Start = Utc(2026, 4, 26, 3) }, Fresh);
        Assert.Equal(Utc(2026, 4, 26, 3), hourly.Start);
        Assert.Equal(Utc(2026, 4, 26, 15), hourly.End);
    }

    [Fact]
    public void Only_start_after_the_latest_data_is_refused()
    {
        var e = Invalid(new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 26) });
        Assert.Equal("EndNotAfterStart", e.ErrorId);
        Assert.Equal("-StartTime", e.ParameterName);
    }

    [Fact]
    public void Only_end_given_goes_back_one_default_window_without_freshness()
    {
        var daily = QueryPlanner.Plan(new MetricQuery(Pkg, Set) { End = Utc(2026, 4, 20), Metrics = new[] { "crashRate" } }, null);
        Assert.Equal(Utc(2026, 4, 13), daily.Start);
        Assert.Equal(Utc(2026, 4, 20), daily.End);

        var hourly = QueryPlanner.Plan(new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly, End = Utc(2026, 4, 20, 6), Metrics = new[] { "crashRate" } }, null);
        Assert.Equal(Utc(2026, 4, 19, 6), hourly.Start);
        Assert.Equal(Utc(2026, 4, 20, 6), hourly.End);
        Assert.Equal(Utc(2026, 4, 19), V1Window.DatesOf(hourly).Start);
        Assert.Equal(Utc(2026, 4, 21), V1Window.DatesOf(hourly).End);
        Assert.True(V1Window.TrimsRows(hourly));
    }

    [Fact]
    public void Missing_time_without_freshness_is_refused()
    {
        Assert.Equal("NoFreshness", Assert.Throws<VitalsValidationException>(() => QueryPlanner.Plan(new MetricQuery(Pkg, Set), null)).ErrorId);
        var dailyOnly = new FreshnessInfo(Pkg, Set, new[] { "crashRate" }, Array.Empty<string>(), Utc(2026, 4, 25), null);
        Assert.Equal("NoFreshness", Invalid(new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly }, dailyOnly).ErrorId);
    }

    [Fact]
    public void NeedsFreshness_only_when_a_time_or_the_metrics_are_missing()
    {
        Assert.False(QueryPlanner.NeedsFreshness(Daily(Utc(2026, 4, 20), Utc(2026, 4, 21))));
        Assert.True(QueryPlanner.NeedsFreshness(Daily(null, Utc(2026, 4, 21))));
        Assert.True(QueryPlanner.NeedsFreshness(Daily(Utc(2026, 4, 20), null)));
        Assert.True(QueryPlanner.NeedsFreshness(new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) }));
    }

    [Fact]
    public void Metrics_default_to_the_freshness_metrics_in_their_order()
    {
        var fresh = new FreshnessInfo(Pkg, Set, new[] { "distinctDevices", "crashRate", "newMetric" }, Array.Empty<string>(), Utc(2026, 4, 25), null);
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, Set), fresh);
        Assert.Equal(new[] { "distinctDevices", "crashRate", "newMetric" }, plan.Schema.Metrics);
    }

    [Fact]
    public void Metrics_default_to_the_known_list_when_no_freshness_is_needed()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) }, null);
        Assert.Equal(KnownMetricSets.MetricsOf(Set), plan.Schema.Metrics);
    }

    [Fact]
    public void Schema_is_dimensions_in_the_order_asked_then_metrics()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, Set)
        {
            Start = Utc(2026, 4, 20),
            End = Utc(2026, 4, 21),
            Dimensions = new[] { "osVersion", "countryCode" },
            Metrics = new[] { "crashCount", "crashRate" },
        }, null);
        Assert.Equal(new[] { "osVersion", "countryCode", "crashCount", "crashRate" }, plan.Schema.Columns);
    }

    [Fact]
    public void Page_size_defaults_to_100000_and_a_row_limit_lowers_it()
    {
        MetricQuery Q(int? size = null) => new(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), PageSize = size };
        Assert.Equal(100_000, QueryPlanner.DefaultPageSize);
        Assert.Equal(QueryPlanner.MaxPageSize, QueryPlanner.DefaultPageSize);
        Assert.Equal(100_000, QueryPlanner.Plan(Q(), null).PageSize);
        Assert.Equal(10, QueryPlanner.Plan(Q(), null, rowLimit: 10).PageSize);
        Assert.Equal(60_000, QueryPlanner.Plan(Q(), null, rowLimit: 60_000).PageSize);
        Assert.Equal(100_000, QueryPlanner.Plan(Q(), null, rowLimit: 150_000).PageSize);
        Assert.Equal(100_000, QueryPlanner.Plan(Q(), null, rowLimit: 0).PageSize);
        Assert.Equal(10, QueryPlanner.Plan(Q(200), null, rowLimit: 10).PageSize);
        Assert.Equal(200, QueryPlanner.Plan(Q(200), null, rowLimit: 1000).PageSize);
    }

    [Fact]
    public void Issue_pages_default_to_50000_and_a_row_limit_lowers_them()
    {
        IssueQuery Q(int? size = null) => new(Pkg, ReportType.Crash) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), PageSize = size };
        Assert.Equal(50_000, QueryPlanner.Plan(Q(), null).PageSize);
        Assert.Equal(5, QueryPlanner.Plan(Q(), null, rowLimit: 5).PageSize);
        Assert.Equal(100_000, QueryPlanner.Plan(Q(100_000), null).PageSize);
    }

    [Fact]
    public void Explicit_window_with_times_keeps_instants_and_sends_whole_dates()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, Set)
        {
            Period = AggregationPeriod.Hourly,
            Start = Utc(2026, 4, 25, 10),
            End = Utc(2026, 4, 25, 12),
            Metrics = new[] { "crashRate" },
        }, null);
        Assert.Equal(Utc(2026, 4, 25, 10), plan.Start);
        Assert.Equal(Utc(2026, 4, 25, 12), plan.End);
        Assert.Equal(Utc(2026, 4, 25), V1Window.DatesOf(plan).Start);
        Assert.Equal(Utc(2026, 4, 26), V1Window.DatesOf(plan).End);
        Assert.True(V1Window.TrimsRows(plan));
    }

    [Fact]
    public void Issue_plan_defaults_to_7_days_of_whole_dates()
    {
        var fresh = new FreshnessInfo(Pkg, KnownMetricSets.Issues, new[] { "errorEventCount", "affectedDeviceCount" }, Array.Empty<string>(), Utc(2026, 4, 25), null);
        var plan = QueryPlanner.Plan(new IssueQuery(Pkg, ReportType.Anr) { Dimensions = new[] { "deviceType" } }, fresh);
        Assert.Equal(KnownMetricSets.Issues, plan.MetricSet);
        Assert.Equal(ReportType.Anr, plan.ReportType);
        Assert.Equal(Utc(2026, 4, 19), V1Window.DatesOf(plan).Start);
        Assert.Equal(Utc(2026, 4, 26), V1Window.DatesOf(plan).End);
        Assert.False(V1Window.TrimsRows(plan));
        Assert.Equal(new[] { "deviceType", "errorEventCount", "affectedDeviceCount" }, plan.Schema.Columns);
    }

    [Fact]
    public void Issue_plan_with_times_widens_to_whole_dates()
    {
        var plan = QueryPlanner.Plan(new IssueQuery(Pkg, ReportType.Crash) { Start = Utc(2026, 4, 20, 10), End = Utc(2026, 4, 22, 1) }, null, rowLimit: 25);
        Assert.Equal(Utc(2026, 4, 20), plan.Start);
        Assert.Equal(Utc(2026, 4, 23), plan.End);
        Assert.Equal(plan.Start, V1Window.DatesOf(plan).Start);
        Assert.Equal(plan.End, V1Window.DatesOf(plan).End);
        Assert.Equal(25, plan.PageSize);
    }

    private static readonly FreshnessInfo FreshWithWeighted = new(Pkg, Set,
        new[] { "crashRate", "crashRate7dUserWeighted", "userPerceivedCrashRate28dUserWeighted", "distinctDevices", "crashCount" },
        KnownMetricSets.Dimensions, Utc(2026, 4, 25), Utc(2026, 4, 26, 14));

    [Fact]
    public void Defaulted_metrics_come_from_the_freshness_answer_and_Hourly_leaves_out_the_daily_only_ones()
    {
        var daily = QueryPlanner.Plan(new MetricQuery(Pkg, Set), FreshWithWeighted);
        Assert.Equal(FreshWithWeighted.Metrics, daily.Schema.Metrics);

        var hourly = QueryPlanner.Plan(new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly }, FreshWithWeighted);
        Assert.Equal(new[] { "crashRate", "distinctDevices", "crashCount" }, hourly.Schema.Metrics);

        // A set the server lists with fewer metrics than we know of is taken as the server says.
        var lean = new FreshnessInfo(Pkg, KnownMetricSets.Lmk, new[] { "lmkRate", "distinctDevices" }, KnownMetricSets.Dimensions, Utc(2026, 4, 25), null);
        Assert.Equal(lean.Metrics, QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Lmk), lean).Schema.Metrics);
    }

    [Fact]
    public void First_does_not_shrink_the_page_when_rows_are_trimmed_on_the_client()
    {
        var partDay = new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly, Start = Utc(2026, 4, 20, 5), End = Utc(2026, 4, 20, 9), Metrics = new[] { "crashRate" } };
        Assert.Equal(QueryPlanner.DefaultPageSize, QueryPlanner.Plan(partDay, Fresh, rowLimit: 5).PageSize);

        var wholeDays = new MetricQuery(Pkg, Set) { Period = AggregationPeriod.Hourly, Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), Metrics = new[] { "crashRate" } };
        Assert.Equal(5, QueryPlanner.Plan(wholeDays, Fresh, rowLimit: 5).PageSize);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(" com.example.tvapp")]
    [InlineData("com.example.tvapp ")]
    [InlineData("com/example")]
    [InlineData("com?x")]
    [InlineData("com#x")]
    [InlineData("com%2F")]
    [InlineData("com\\x")]
    [InlineData("com\tx")]
    public void Names_that_would_change_the_URI_path_are_refused(string name)
    {
        var e = Invalid(new MetricQuery(name, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) });
        Assert.Equal("-PackageName", e.ParameterName);
        Assert.Contains(e.ErrorId, new[] { "EmptyName", "InvalidName" });
        var set = Invalid(new MetricQuery(Pkg, name) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21) });
        Assert.Equal("-MetricSet", set.ParameterName);
    }

    [Fact]
    public void Times_far_outside_what_the_API_serves_are_refused_never_overflow()
    {
        Assert.Equal("TimeOutOfRange", Invalid(Daily(Utc(2026, 4, 20), DateTime.MaxValue)).ErrorId);
        Assert.Equal("TimeOutOfRange", Invalid(Daily(DateTime.MinValue, Utc(2026, 4, 20))).ErrorId);
        Assert.Equal("TimeOutOfRange", Invalid(Daily(null, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc))).ErrorId);
        Assert.Equal("TimeOutOfRange", Invalid(Daily(new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc), null)).ErrorId);
        var issues = new IssueQuery(Pkg, ReportType.Crash) { End = DateTime.MaxValue };
        Assert.Equal("TimeOutOfRange", Assert.Throws<VitalsValidationException>(() => QueryPlanner.Check(issues)).ErrorId);
    }

    [Theory]
    [InlineData(new[] { "versionCode", "VersionCode" }, new string[0])]
    [InlineData(new string[0], new[] { "crashRate", "CRASHRATE" })]
    [InlineData(new[] { "versionCode" }, new[] { "versioncode" })]
    [InlineData(new[] { "StartTime" }, new string[0])]
    [InlineData(new string[0], new[] { "packageName" })]
    [InlineData(new string[0], new[] { "aggregationperiod" })]
    public void Columns_that_would_collide_on_the_object_are_refused(string[] dimensions, string[] metrics)
    {
        var e = Invalid(new MetricQuery(Pkg, Set) { Start = Utc(2026, 4, 20), End = Utc(2026, 4, 21), Dimensions = dimensions, Metrics = metrics });
        Assert.Equal("DuplicateColumn", e.ErrorId);
    }

    [Fact]
    public void An_issue_dimension_named_like_an_issue_column_is_refused()
    {
        var q = new IssueQuery(Pkg, ReportType.Crash) { Dimensions = new[] { "reportText" } };
        Assert.Equal("DuplicateColumn", Assert.Throws<VitalsValidationException>(() => QueryPlanner.Check(q)).ErrorId);
    }
}
