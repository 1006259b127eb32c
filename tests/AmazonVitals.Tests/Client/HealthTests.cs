using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Health;
using AmazonVitals.Emulator.Control;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>The arithmetic of Get-VitalsHealth on hand-made numbers, then the fetch against the emulator.</summary>
public sealed class HealthTests
{
    private static readonly HealthWindow Window = HealthWindow.EndingAt(Utc(2026, 4, 25), 7);
    private static readonly DateTime Day1 = Window.WindowStart;
    private static readonly DateTime BaselineDay = Window.BaselineStart;

    private static VersionDayRow Row(DateTime day, string version, double? rate, long? devices, double? userPerceived = null, long? count = null) =>
        new(day, version, rate, userPerceived, devices, count);

    /// <summary>A policy judged on the day after the window's latest date, when its data is on time.</summary>
    private static HealthPolicy Policy() => new() { Today = Utc(2026, 4, 26) };

    private static MeasureHealth Crash(IReadOnlyList<VersionDayRow> rows, HealthPolicy? policy = null) =>
        HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, rows, Window, policy ?? Policy());

    // ---- windows

    [Fact]
    public void Window_ends_with_the_latest_date_and_the_baseline_is_the_days_before()
    {
        Assert.Equal(Utc(2026, 4, 19), Window.WindowStart);
        Assert.Equal(Utc(2026, 4, 26), Window.WindowEnd);
        Assert.Equal(Utc(2026, 4, 12), Window.BaselineStart);
        Assert.True(Window.InWindow(Utc(2026, 4, 25)));
        Assert.False(Window.InWindow(Utc(2026, 4, 26)));
        Assert.True(Window.InBaseline(Utc(2026, 4, 18)));
        Assert.False(Window.InBaseline(Utc(2026, 4, 19)));
        // 15 days and its baseline are exactly the 30 days one Daily query may span.
        var widest = HealthWindow.EndingAt(Utc(2026, 4, 25), 15);
        Assert.Equal(30, (widest.WindowEnd - widest.BaselineStart).TotalDays);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(-3)]
    public void Days_outside_1_to_15_are_refused(int days)
    {
        var e = Assert.Throws<VitalsValidationException>(() => HealthWindow.EndingAt(Utc(2026, 4, 25), days));
        Assert.Equal("DaysOutOfRange", e.ErrorId);
        Assert.Equal("-Days", e.ParameterName);
    }

    // ---- weighting

    [Fact]
    public void Rates_are_weighted_by_devices_not_averaged()
    {
        var rows = new[] { Row(Day1, "150", 0.01, 1000), Row(Day1, "151", 0.03, 3000) };
        // (0.01×1000 + 0.03×3000) / 4000 = 0.025, where the mean of the two rates would be 0.02.
        Assert.Equal(0.025, HealthEvaluator.WeightedRate(rows, r => r.Rate)!.Value, 12);
    }

    [Fact]
    public void Rows_without_a_value_or_devices_do_not_count_and_nothing_left_is_null()
    {
        var rows = new[]
        {
            Row(Day1, "150", 0.01, 1000),
            Row(Day1, "151", null, 5000),
            Row(Day1, "152", 0.5, null),
            Row(Day1, "153", 0.5, 0),
        };
        Assert.Equal(0.01, HealthEvaluator.WeightedRate(rows, r => r.Rate)!.Value, 12);
        Assert.Null(HealthEvaluator.WeightedRate(rows.Skip(1).ToArray(), r => r.Rate));
        Assert.Null(HealthEvaluator.WeightedRate(Array.Empty<VersionDayRow>(), r => r.Rate));
    }

    [Fact]
    public void Missing_user_perceived_values_leave_those_rows_out_of_that_rate_only()
    {
        var rows = new[]
        {
            Row(Day1, "150", 0.010, 1000, userPerceived: 0.004),
            Row(Day1, "151", 0.020, 3000, userPerceived: 0.008),
            Row(Day1, "149", 0.100, 40), // under 50 devices: the API sends no userPerceived value
        };
        var m = Crash(rows);
        Assert.Equal((0.010 * 1000 + 0.020 * 3000 + 0.100 * 40) / 4040, m.WindowRate!.Value, 12);
        Assert.Equal((0.004 * 1000 + 0.008 * 3000) / 4000, m.UserPerceivedRate!.Value, 12);

        var none = Crash(new[] { Row(Day1, "150", 0.01, 30), Row(Day1, "151", 0.01, 20) });
        Assert.NotNull(none.WindowRate);
        Assert.Null(none.UserPerceivedRate);
    }

    [Fact]
    public void Devices_summed_over_days_are_device_days_and_counts_are_summed()
    {
        var rows = new[]
        {
            Row(Day1, "151", 0.01, 1000, count: 12),
            Row(Day1.AddDays(1), "151", 0.01, 1200, count: 15),
            Row(BaselineDay, "151", 0.01, 900, count: 11), // baseline: not in the window's sums
        };
        var m = Crash(rows);
        Assert.Equal(2200, m.WindowDeviceDays);
        Assert.Equal(27, m.WindowEventCount);
    }

    // ---- baseline change

    [Fact]
    public void Baseline_change_is_absolute_and_relative()
    {
        var rows = new[]
        {
            Row(BaselineDay, "151", 0.010, 1000), Row(BaselineDay.AddDays(1), "151", 0.010, 3000),
            Row(Day1, "151", 0.012, 2000), Row(Day1.AddDays(6), "151", 0.012, 2000),
        };
        var m = Crash(rows);
        Assert.Equal(0.010, m.BaselineRate!.Value, 12);
        Assert.Equal(0.012, m.WindowRate!.Value, 12);
        Assert.Equal(0.002, m.AbsoluteChange!.Value, 12);
        Assert.Equal(0.2, m.RelativeChange!.Value, 9);
    }

    [Fact]
    public void Relative_change_is_null_without_a_baseline_or_against_zero()
    {
        var noBaseline = Crash(new[] { Row(Day1, "151", 0.012, 2000) });
        Assert.Null(noBaseline.BaselineRate);
        Assert.Null(noBaseline.AbsoluteChange);
        Assert.Null(noBaseline.RelativeChange);

        var zero = Crash(new[] { Row(BaselineDay, "151", 0.0, 1000), Row(Day1, "151", 0.003, 1000) });
        Assert.Equal(0.003, zero.AbsoluteChange!.Value, 12);
        Assert.Null(zero.RelativeChange);
    }

    // ---- verdict rule: see HealthStatisticsTests for the test itself

    [Fact]
    public void The_version_test_counts_device_days_and_leaves_out_the_provisional_date()
    {
        var rows = new List<VersionDayRow>();
        for (var d = 0; d < 6; d++)
        {
            rows.Add(Row(Day1.AddDays(d), "150", 0.010, 10000));
            rows.Add(Row(Day1.AddDays(d), "151", 0.010, 10000));
        }
        // The newest date, provisional: a tripled rate there alone must not decide anything.
        rows.Add(Row(Day1.AddDays(6), "150", 0.010, 10000));
        rows.Add(Row(Day1.AddDays(6), "151", 0.030, 10000));

        var m = Crash(rows);
        Assert.Equal(HealthVerdict.Stable, m.Verdict);
        Assert.Equal(60000, m.NewVersionDeviceDays);
        Assert.Equal(60000, m.PreviousVersionDeviceDays);
        Assert.Equal(0.010, m.NewVersionRate!.Value, 12);
        Assert.Equal(6, m.ComparedDays);
        Assert.Equal(0, m.TStatistic!.Value, 9);
        Assert.Equal(1, m.PValue!.Value, 9);
        // The window's rate still shows the provisional date.
        Assert.Equal((0.010 * 130000 + 0.030 * 10000) / 140000, m.WindowRate!.Value, 12);

        // Counted, the tripled date is one day of seven: it moves the estimate, but one day is not a regression.
        var final = Crash(rows, new HealthPolicy { Today = Utc(2026, 4, 26), ProvisionalDays = 0 });
        Assert.Equal(70000, final.NewVersionDeviceDays);
        Assert.Equal(7, final.ComparedDays);
        Assert.True(final.Change > 0);
        Assert.Equal(HealthVerdict.Stable, final.Verdict);
    }

    [Fact]
    public void A_rise_needs_both_significance_and_MinChange()
    {
        // Six settled days with the same ratio each day: no day-to-day variation, so sampling alone sets the interval.
        VersionDayRow[] Rows(double previous, double current, long devices) => Enumerable.Range(0, 6)
            .SelectMany(d => new[] { Row(Day1.AddDays(d), "150", previous, devices), Row(Day1.AddDays(d), "151", current, devices) }).ToArray();
        // +25% on 2,000 device-days a day: not significant.
        var small = Crash(Rows(0.006, 0.0075, 2000));
        Assert.Equal(HealthVerdict.Stable, small.Verdict);
        Assert.True(small.PValue > 0.01);
        // +25% on 2,000,000 a day: significant and large.
        Assert.Equal(HealthVerdict.Regressed, Crash(Rows(0.006, 0.0075, 2_000_000)).Verdict);
        // +5% on 20,000,000 a day: significant but below the 10% minimum.
        var slight = Crash(Rows(0.006, 0.0063, 20_000_000));
        Assert.True(slight.PValue < 0.001);
        Assert.Equal(HealthVerdict.Stable, slight.Verdict);
        Assert.Equal(HealthVerdict.Regressed, Crash(Rows(0.006, 0.0063, 20_000_000), new HealthPolicy { Today = Utc(2026, 4, 26), MinChange = 0.05 }).Verdict);
        // The mirror image.
        Assert.Equal(HealthVerdict.Improved, Crash(Rows(0.0075, 0.006, 2_000_000)).Verdict);
        // The interval of the change brackets it.
        var big = Crash(Rows(0.006, 0.0075, 2_000_000));
        Assert.InRange(big.Change!.Value, big.ChangeLow!.Value, big.ChangeHigh!.Value);
        Assert.Equal(0.25, big.Change!.Value, 6);
        Assert.True(big.ChangeLow > 0);
    }

    [Fact]
    public void Policy_checks_its_settings_before_any_request()
    {
        Assert.Equal("ProvisionalDaysOutOfRange", Assert.Throws<VitalsValidationException>(() => new HealthPolicy { ProvisionalDays = 3 }.Check(3)).ErrorId);
        Assert.Equal("ConfidenceOutOfRange", Assert.Throws<VitalsValidationException>(() => new HealthPolicy { Confidence = 1 }.Check(7)).ErrorId);
        Assert.Equal("MinChangeOutOfRange", Assert.Throws<VitalsValidationException>(() => new HealthPolicy { MinChange = -0.1 }.Check(7)).ErrorId);
        new HealthPolicy { ProvisionalDays = 0 }.Check(1);
        new HealthPolicy { ProvisionalDays = 6 }.Check(7);
    }

    // ---- stale data

    [Theory]
    [InlineData(26, 1, false)]
    [InlineData(27, 2, false)]
    [InlineData(28, 3, true)]
    [InlineData(30, 5, true)]
    public void Data_more_than_two_days_old_is_stale_and_never_healthy(int today, int age, bool stale)
    {
        var report = HealthEvaluator.Evaluate("p", Window, TwoVersions(0.01, 0.01), TwoVersions(0.004, 0.004), TwoVersions(0.01, 0.01),
            new HealthPolicy { Today = Utc(2026, 4, today) });
        Assert.Equal(age, report.DataAgeDays);
        Assert.Equal(stale, report.Stale);
        Assert.Equal(!stale, report.Healthy);
        if (stale)
        {
            Assert.StartsWith("Data: the latest Daily data is 2026-04-25", report.Reasons[0], StringComparison.Ordinal);
            Assert.Contains("2026-04-25", report.Warnings[0], StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(report.Warnings);
        }
    }

    // ---- version selection

    [Fact]
    public void Newest_version_with_MinDevices_is_compared_with_the_next_lower_one_that_has_them()
    {
        var rows = new List<VersionDayRow>();
        for (var d = 0; d < 7; d++)
        {
            var day = Day1.AddDays(d);
            rows.Add(Row(day, "152", 0.5, 999));    // newest, but under 1,000 a day
            rows.Add(Row(day, "151", 0.030, 5000));
            rows.Add(Row(day, "150", 0.200, 800));  // under 1,000: skipped
            rows.Add(Row(day, "149", 0.010, 1000)); // exactly 1,000: counts
        }
        var m = Crash(rows);
        Assert.Equal("151", m.NewVersion);
        Assert.Equal("149", m.PreviousVersion);
        Assert.Equal(5000, m.NewVersionDailyDevices!.Value, 9);
        Assert.Equal(1000, m.PreviousVersionDailyDevices!.Value, 9);
        Assert.Equal(0.030, m.NewVersionRate!.Value, 12);
        Assert.Equal(0.010, m.PreviousVersionRate!.Value, 12);
        Assert.Equal(0.020, m.VersionAbsoluteChange!.Value, 12);
        Assert.Equal(2.0, m.VersionRelativeChange!.Value, 9);
        Assert.Equal(HealthVerdict.Regressed, m.Verdict);

        var lower = Crash(rows, new HealthPolicy { Today = Utc(2026, 4, 26), MinDevices = 500 });
        Assert.Equal("152", lower.NewVersion);
        Assert.Equal("151", lower.PreviousVersion);
    }

    [Fact]
    public void Versions_are_ordered_as_numbers_and_judged_by_the_mean_over_the_dates_they_have_data()
    {
        var rows = new[]
        {
            // 100 is newer than 99, though "99" sorts after "100" as text.
            Row(Day1, "99", 0.01, 5000), Row(Day1.AddDays(1), "99", 0.01, 5000),
            // Released on the last two dates: its mean over those is 1,500, not 3,000 / 7.
            Row(Day1.AddDays(5), "100", 0.01, 1400), Row(Day1.AddDays(6), "100", 0.01, 1600),
            // The baseline does not count towards a version's devices.
            Row(BaselineDay, "101", 0.01, 90000),
        };
        var (newVersion, previous) = HealthEvaluator.SelectVersions(rows.Where(r => Window.InWindow(r.Day)), 1000);
        Assert.Equal("100", newVersion!.VersionCode);
        Assert.Equal(1500, newVersion.MeanDailyDevices, 9);
        Assert.Equal(2, newVersion.Days);
        Assert.Equal("99", previous!.VersionCode);

        // Two dates in common are too few to judge a change: NotEnoughData, and the explanation says why.
        var m = Crash(rows);
        Assert.Equal("100", m.NewVersion);
        Assert.Equal(HealthVerdict.NotEnoughData, m.Verdict);
        Assert.Contains("share 0 settled day(s)", m.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void One_version_with_MinDevices_gives_NotEnoughData_and_stays_healthy()
    {
        var rows = new[] { Row(Day1, "151", 0.5, 5000), Row(Day1, "150", 0.001, 10) };
        var m = Crash(rows);
        Assert.Equal("151", m.NewVersion);
        Assert.Null(m.PreviousVersion);
        Assert.Equal(HealthVerdict.NotEnoughData, m.Verdict);
        var report = HealthEvaluator.Evaluate("p", Window, rows, Array.Empty<VersionDayRow>(), Array.Empty<VersionDayRow>(), Policy());
        Assert.True(report.Healthy);
        Assert.Empty(report.Reasons);
        Assert.Null(report.Anr.WindowRate);
    }

    // ---- Healthy and Reasons

    /// <summary>Two versions on the window's six settled dates, the same rates each day.</summary>
    private static VersionDayRow[] TwoVersions(double previousRate, double newRate) => Enumerable.Range(0, 6)
        .SelectMany(d => new[] { Row(Day1.AddDays(d), "150", previousRate, 10000, count: 1), Row(Day1.AddDays(d), "151", newRate, 10000, count: 1) })
        .ToArray();

    [Fact]
    public void A_regression_makes_the_package_unhealthy_with_a_reason()
    {
        var report = HealthEvaluator.Evaluate("com.example.regressed", Window,
            TwoVersions(0.010, 0.030), TwoVersions(0.004, 0.004), TwoVersions(0.010, 0.005), Policy());
        Assert.False(report.Healthy);
        Assert.Equal(HealthVerdict.Regressed, report.Crash.Verdict);
        Assert.Equal(HealthVerdict.Stable, report.Anr.Verdict);
        Assert.Equal(HealthVerdict.Improved, report.Lmk.Verdict);
        var reason = Assert.Single(report.Reasons);
        Assert.StartsWith("Crash:", reason, StringComparison.Ordinal);
        Assert.Contains("version 151", reason, StringComparison.Ordinal);
        Assert.Contains("Regressed", reason, StringComparison.Ordinal);
        Assert.Equal(new[] { "Crash", "ANR", "LMK" }, report.Measures.Select(m => m.Measure));
    }

    [Fact]
    public void Thresholds_flip_Healthy_only_when_a_window_rate_is_above_them()
    {
        var crash = TwoVersions(0.010, 0.011); // window rate 0.0105, Stable
        var anr = TwoVersions(0.004, 0.004);
        var lmk = TwoVersions(0.020, 0.020);
        HealthReport Judge(HealthPolicy policy) => HealthEvaluator.Evaluate("p", Window, crash, anr, lmk, policy);

        HealthPolicy With(double? crash = null, double? anr = null, double? lmk = null) =>
            new() { Today = Utc(2026, 4, 26), CrashRateThreshold = crash, AnrRateThreshold = anr, LmkRateThreshold = lmk };
        Assert.True(Judge(With()).Healthy);
        Assert.True(Judge(With(crash: 0.011)).Healthy);
        Assert.True(Judge(With(crash: 0.0105)).Healthy); // equal is not above

        var above = Judge(With(crash: 0.01, anr: 0.0047, lmk: 0.019));
        Assert.False(above.Healthy);
        Assert.True(above.Crash.AboveThreshold);
        Assert.False(above.Anr.AboveThreshold);
        Assert.True(above.Lmk.AboveThreshold);
        Assert.Equal(0.01, above.Crash.Threshold);
        Assert.Equal(2, above.Reasons.Count);
        Assert.Contains("-CrashRateThreshold", above.Reasons[0], StringComparison.Ordinal);
        Assert.Contains("-LmkRateThreshold", above.Reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_show_rates_as_percentages_in_the_invariant_culture()
    {
        Assert.Equal("1.234%", AmazonVitals.Client.Messages.Percent(0.01234));
        Assert.Equal("n/a", AmazonVitals.Client.Messages.Percent(null));
        var m = Crash(TwoVersions(0.010, 0.030));
        Assert.Equal("Crash: crashRate 2% (baseline n/a, n/a); 151 3% vs 150 1%: Regressed", m.ToString());
    }

    // ---- the fetch, against the emulator

    [Fact]
    public async Task Fetch_sends_three_freshness_and_five_queries_then_five_with_freshness_cached()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();

        var data = await client.FetchHealthAsync("com.example.regressed", 7, 5, NullTrace.Instance, CancellationToken.None);
        var log = await h.SettledLogAsync(8);
        var api = log.Where(e => e.Route is RouteKind.Query or RouteKind.Freshness).ToList();
        Assert.Equal(8, api.Count);
        // Each rate set's own freshness answer says which metrics it serves.
        Assert.Equal(3, api.Count(e => e.Route == RouteKind.Freshness));

        Assert.Equal(Utc(2026, 4, 19), data.Window.WindowStart);
        Assert.Equal(Utc(2026, 4, 26), data.Window.WindowEnd);
        var bodies = Queries(log).Select(e => (e.MetricSet, Body: JsonDocument.Parse(e.Body!).RootElement)).ToList();
        foreach (var set in new[] { "crashMetricSet", "anrMetricSet", "lmkMetricSet" })
        {
            var body = Assert.Single(bodies, b => b.MetricSet == set).Body;
            var spec = body.GetProperty("timelineSpec");
            Assert.Equal("DAILY", spec.GetProperty("aggregationPeriod").GetString());
            Assert.Equal(12, spec.GetProperty("startTime").GetProperty("day").GetInt32());
            Assert.Equal(26, spec.GetProperty("endTime").GetProperty("day").GetInt32());
            Assert.Equal(new[] { "versionCode", "deviceType", "deviceModel", "osVersion" }, body.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()));
            Assert.Equal(4, body.GetProperty("metrics").GetArrayLength());
        }
        // One issues query per report type serves both versions: by versionCode, filtered to the two
        // the rates found, one page deep enough to find the newest version's top in the previous one.
        var issues = bodies.Where(b => b.MetricSet == "issuesMetricSet").Select(b => b.Body).ToList();
        Assert.Equal(new[] { "ANR", "CRASH" }, issues.Select(b => b.GetProperty("reportType").GetString()).OrderBy(s => s, StringComparer.Ordinal));
        Assert.All(issues, b => Assert.Equal(HealthFetcher.IssueDepth(5), b.GetProperty("pageSize").GetInt32()));
        Assert.All(issues, b => Assert.Equal(19, b.GetProperty("startTime").GetProperty("day").GetInt32()));
        Assert.All(issues, b => Assert.Equal(new[] { "versionCode" }, b.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString())));
        Assert.All(issues, b => Assert.Equal(new[] { "151", "150" }, b.GetProperty("filter").GetProperty("versionCode").EnumerateArray().Select(d => d.GetString())));
        // The issues follow the rates: they need the versions.
        var firstIssues = log.Where(e => e.MetricSet == "issuesMetricSet").Min(e => e.Seq);
        Assert.All(log.Where(e => e.Route == RouteKind.Query && e.MetricSet != "issuesMetricSet"), e => Assert.True(e.Seq < firstIssues));

        // 14 dates × 10 versions per set; the rows carry what the evaluator needs.
        Assert.Equal(14 * 10 * 2 * 20 * 5, data.Crash.Count);
        Assert.All(data.Crash, r => Assert.NotNull(r.Rate));
        Assert.Equal("151", data.CrashIssues!.NewVersion);
        Assert.True(data.CrashIssues.Complete);
        Assert.Equal(78, data.CrashIssues.Rows.Count); // 40 signatures × 2 versions, less the new one on 150 and the gone one on 151

        var report = HealthEvaluator.Evaluate(data, Policy());
        Assert.Equal("151", report.Crash.NewVersion);
        Assert.Equal("150", report.Crash.PreviousVersion);
        Assert.Equal(HealthVerdict.Regressed, report.Crash.Verdict);
        Assert.InRange(report.Crash.VersionRelativeChange!.Value, 1.5, 2.5);
        Assert.True(report.Crash.PValue < 1e-6);
        Assert.False(report.Healthy);

        // The emulator's triage: a new top crash, a regressed one, one gone; ANR issues persist.
        var crash = report.CrashIssues!.Issues;
        Assert.Equal(new[] { IssueStatus.New, IssueStatus.Regressed, IssueStatus.Persisting, IssueStatus.Persisting, IssueStatus.Persisting, IssueStatus.Gone },
            crash.Select(i => i.Status));
        Assert.Equal(0, crash[0].PreviousEvents);
        Assert.InRange(crash[1].NewRate!.Value / crash[1].PreviousRate!.Value, 2.5, 3.5);
        Assert.Equal(0, crash[5].NewEvents);
        Assert.Contains(crash, i => i.ReportText!.Contains("<script>", StringComparison.Ordinal));
        Assert.All(report.AnrIssues!.Issues, i => Assert.Equal(IssueStatus.Persisting, i.Status));
        Assert.Equal(5, report.AnrIssues.Issues.Count);

        await h.ClearLogAsync();
        var healthy = HealthEvaluator.Evaluate(
            await client.FetchHealthAsync("com.example.regressed", 7, 5, NullTrace.Instance, CancellationToken.None), Policy());
        Assert.Equal(report.Crash.WindowRate, healthy.Crash.WindowRate);
        var second = (await h.SettledLogAsync(5)).Where(e => e.Route is RouteKind.Query or RouteKind.Freshness).ToList();
        Assert.Equal(5, second.Count);
        Assert.DoesNotContain(second, e => e.Route == RouteKind.Freshness);
    }

    [Fact]
    public async Task Healthy_app_is_healthy_and_Top_0_sends_no_issues_queries()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();

        var data = await client.FetchHealthAsync(ClientHarness.Package, 3, 0, NullTrace.Instance, CancellationToken.None);
        Assert.Null(data.CrashIssues);
        Assert.Null(data.AnrIssues);
        Assert.Equal(3, (data.Window.WindowEnd - data.Window.WindowStart).TotalDays);
        var report = HealthEvaluator.Evaluate(data, Policy());
        Assert.True(report.Healthy);
        Assert.All(report.Measures, m => Assert.NotEqual(HealthVerdict.Regressed, m.Verdict));
        Assert.Equal(3, Queries(await h.SettledLogAsync(4)).Count);
    }

    [Fact]
    public async Task The_rate_queries_run_together_and_then_the_issues_queries_together()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        await client.GetFreshnessAsync("com.example.regressed", "crashMetricSet", NullTrace.Instance, CancellationToken.None);
        // Each query is held three seconds at the server, so queries sent together overlap there.
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":5,"kind":"slow","delayMs":3000}]""");
        var data = await client.FetchHealthAsync("com.example.regressed", 7, 5, NullTrace.Instance, CancellationToken.None);
        // 14 dates × 10 versions × 2 device types × 20 models × 5 OS versions, in one page.
        Assert.Equal(14 * 10 * 2 * 20 * 5, data.Lmk.Count);

        // Judged by the server's own clock, not by how long the test took: a loaded machine slows both.
        var queries = Queries(await h.SettledLogAsync(7));
        var rates = queries.Where(q => q.MetricSet != "issuesMetricSet").ToList();
        var issues = queries.Where(q => q.MetricSet == "issuesMetricSet").ToList();
        Assert.Equal(3, rates.Count);
        Assert.Equal(2, issues.Count);
        Assert.True(Overlap(rates), "the three rate queries were at the server at the same time");
        Assert.True(Overlap(issues), "the two issues queries were at the server at the same time");
        // The issues queries name the versions the rates found, so they start only after the rates are in.
        Assert.True(issues.Min(q => q.Time) >= rates.Max(q => q.Time.AddMilliseconds(q.DurationMs)).AddMilliseconds(-50));
    }

    /// <summary>Every request arrived before any of them was answered.</summary>
    private static bool Overlap(IReadOnlyList<LogEntry> requests) =>
        requests.Max(q => q.Time) < requests.Min(q => q.Time.AddMilliseconds(q.DurationMs));

    [Fact]
    public async Task Bad_arguments_fail_before_any_request()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var days = await Assert.ThrowsAsync<VitalsValidationException>(() => client.FetchHealthAsync(ClientHarness.Package, 16, 5, NullTrace.Instance, CancellationToken.None));
        Assert.Equal("DaysOutOfRange", days.ErrorId);
        var top = await Assert.ThrowsAsync<VitalsValidationException>(() => client.FetchHealthAsync(ClientHarness.Package, 7, 101, NullTrace.Instance, CancellationToken.None));
        Assert.Equal("TopOutOfRange", top.ErrorId);
        Assert.Empty(await h.SettledLogAsync());
    }

    [Fact]
    public async Task A_set_that_answers_404_is_NotAvailable_with_the_reason_and_the_rest_stands()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 0));
        // The three freshness requests start together: whichever arrives first is refused.
        await h.AddFaultsAsync("""[{"on":"freshness","nth":1,"count":1,"kind":"status","status":404}]""");

        var data = await client.FetchHealthAsync("com.example.regressed", 7, 5, NullTrace.Instance, CancellationToken.None);
        var report = HealthEvaluator.Evaluate(data, Policy());

        var missing = Assert.Single(report.Measures, m => m.Verdict == HealthVerdict.NotAvailable);
        Assert.Contains("NOT_FOUND", missing.Reason, StringComparison.Ordinal);
        Assert.Null(missing.WindowRate);
        Assert.All(report.Measures.Where(m => m != missing), m => Assert.NotNull(m.WindowRate));
        Assert.False(report.Healthy);
        Assert.Contains(report.Reasons, r => r.StartsWith(missing.Measure + ": not available", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_set_that_refuses_its_query_with_400_is_NotAvailable_and_the_rest_stands()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 0));
        await client.FetchHealthAsync("com.example.tvapp", 7, 0, NullTrace.Instance, CancellationToken.None); // freshness now cached
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":1,"kind":"status","status":400}]""");

        var report = HealthEvaluator.Evaluate(
            await client.FetchHealthAsync("com.example.tvapp", 7, 0, NullTrace.Instance, CancellationToken.None), Policy());

        var missing = Assert.Single(report.Measures, m => m.Verdict == HealthVerdict.NotAvailable);
        Assert.Contains("INVALID_ARGUMENT", missing.Reason, StringComparison.Ordinal);
        Assert.Equal(2, report.Measures.Count(m => m.WindowRate is not null));
    }

    [Fact]
    public async Task Every_measure_failing_fails_the_package()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 0));
        await h.AddFaultsAsync("""[{"on":"freshness","nth":1,"count":3,"kind":"status","status":404}]""");

        var e = await Assert.ThrowsAsync<VitalsApiException>(() => client.FetchHealthAsync("com.example.tvapp", 7, 5, NullTrace.Instance, CancellationToken.None));
        Assert.Equal("NOT_FOUND", e.ErrorId);
    }

    [Fact]
    public void A_version_that_appears_only_on_the_provisional_day_does_not_hide_a_regression()
    {
        // 150 and 151 over the six settled dates, 151 at twice 150's rate on 50,000 devices a day;
        // 152 appears on the provisional (newest) date only, with plenty of devices.
        var rows = new List<VersionDayRow>();
        for (var d = 0; d < 6; d++)
        {
            rows.Add(Row(Day1.AddDays(d), "150", 0.005, 50_000));
            rows.Add(Row(Day1.AddDays(d), "151", 0.010, 50_000));
        }
        rows.Add(Row(Window.LatestDaily, "152", 0.001, 80_000));

        var m = Crash(rows);

        Assert.Equal("151", m.NewVersion);
        Assert.Equal("150", m.PreviousVersion);
        Assert.Equal(HealthVerdict.Regressed, m.Verdict);
    }

    [Fact]
    public void A_rate_set_whose_feed_lags_behind_makes_the_package_not_healthy()
    {
        var healthy = new List<VersionDayRow> { Row(Day1, "150", 0.005, 50_000), Row(Day1, "151", 0.005, 50_000) };
        var data = new HealthData("p", Window, new[]
        {
            new MeasureRows(HealthMeasure.Crash, healthy, null, Window.LatestDaily),
            new MeasureRows(HealthMeasure.Anr, healthy, null, Window.LatestDaily.AddDays(-4)),
            new MeasureRows(HealthMeasure.Lmk, healthy, null, Window.LatestDaily),
        }, null, null);

        var report = HealthEvaluator.Evaluate(data, Policy());

        Assert.False(report.Healthy);
        Assert.Contains(report.Reasons, r => r.Contains("anrMetricSet", StringComparison.Ordinal));
    }
}
