using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AmazonVitals.Client.Health;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Report;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>Issues per version, the daily series, and the HTML report, on hand-made data.</summary>
public sealed class HealthReportTests
{
    private static readonly HealthWindow Window = HealthWindow.EndingAt(Utc(2026, 4, 25), 7);
    private const string Script = "<script>document.title='injected'</script>";

    private static IssueRow Issue(string descriptor, string version, long events, string? text = null) =>
        new(descriptor, text ?? "java.lang.IllegalStateException: " + descriptor + "\n\tat com.example.Main.run(Main.java:1)", events, events / 2, new string?[] { version });

    private static HealthIssues Issues(IReadOnlyList<IssueRow> rows, string? newVersion = "151", string? previousVersion = "150", int top = 5)
    {
        var query = new IssueQuery("com.example.app", ReportType.Crash)
        {
            Start = Window.WindowStart,
            End = Window.WindowEnd,
            Dimensions = new[] { "versionCode" },
        };
        return new HealthIssues(QueryPlanner.Plan(query, null), rows, newVersion, previousVersion, complete: true, top);
    }

    // ---- issues per version

    [Fact]
    public void Issues_are_New_Regressed_Persisting_and_Gone_with_the_actionable_first()
    {
        var rows = new[]
        {
            Issue("persisting", "151", 500), Issue("persisting", "150", 500),
            Issue("regressed", "151", 400), Issue("regressed", "150", 100),
            Issue("new", "151", 300),
            Issue("slightly-up", "151", 105), Issue("slightly-up", "150", 100),
            Issue("gone", "150", 450),
            Issue("tail", "150", 3),
        };
        // Both versions on 1,000,000 device-days: the rate of an issue is its events per device-day.
        var c = IssueComparison.Compare(Issues(rows), 1_000_000, 1_000_000, top: 5, confidence: 0.99, minChange: 0.10);
        // The previous version's top 5 holds "tail" too, with no events on the newest: gone as well.
        Assert.Equal(new[] { "new", "regressed", "persisting", "slightly-up", "gone", "tail" }, c.Issues.Select(i => i.CrashDescriptor));
        Assert.Equal(new[] { IssueStatus.New, IssueStatus.Regressed, IssueStatus.Persisting, IssueStatus.Persisting, IssueStatus.Gone, IssueStatus.Gone },
            c.Issues.Select(i => i.Status));
        var regressed = c.Issues[1];
        Assert.Equal(400, regressed.NewEvents);
        Assert.Equal(100, regressed.PreviousEvents);
        Assert.Equal(3.0, regressed.RelativeChange!.Value, 12);
        Assert.True(regressed.PValue < 1e-6);
        Assert.Equal(4e-4, regressed.NewRate!.Value, 15);
        Assert.Equal(3, c.Issues[0].Rank); // the new one is third by events on 151
        Assert.Null(c.Issues[4].Rank);
        Assert.Equal(0, c.Issues[4].NewEvents);
        Assert.Equal("java.lang.IllegalStateException: new", c.Issues[0].FirstLine);
    }

    [Fact]
    public void A_rise_per_device_day_is_judged_against_each_versions_device_days()
    {
        // The same 200 events on a version with twice the device-days is half the rate: not regressed.
        var rows = new[] { Issue("a", "151", 200), Issue("a", "150", 100) };
        Assert.Equal(IssueStatus.Persisting, IssueComparison.Compare(Issues(rows), 2_000_000, 1_000_000, 5, 0.99, 0.10).Issues[0].Status);
        Assert.Equal(IssueStatus.Regressed, IssueComparison.Compare(Issues(rows), 1_000_000, 1_000_000, 5, 0.99, 0.10).Issues[0].Status);
    }

    [Fact]
    public void Without_a_previous_version_issues_are_NotCompared_and_without_versions_they_are_the_windows_top()
    {
        var rows = new[] { Issue("a", "151", 200), Issue("b", "151", 100) };
        var single = IssueComparison.Compare(Issues(rows, previousVersion: null), 1000, 0, 5, 0.99, 0.10);
        Assert.All(single.Issues, i => Assert.Equal(IssueStatus.NotCompared, i.Status));
        Assert.Equal(2, single.Issues.Count);

        var plan = QueryPlanner.Plan(new IssueQuery("p", ReportType.Anr) { Start = Window.WindowStart, End = Window.WindowEnd }, null);
        var windowTop = IssueComparison.Compare(new HealthIssues(plan, new[] { new IssueRow("x", "ANR in p", 9, 3, Array.Empty<string?>()) }), 0, 0, 5, 0.99, 0.10);
        Assert.Equal("Anr", Assert.Single(windowTop.Issues).ReportType);
        Assert.Null(windowTop.NewVersion);
    }

    [Fact]
    public void Top_bounds_both_lists()
    {
        var rows = Enumerable.Range(0, 20).SelectMany(i => new[] { Issue("s" + i, "151", 1000 - i), Issue("g" + i, "150", 900 - i) }).ToList();
        var c = IssueComparison.Compare(Issues(rows, top: 3), 1_000_000, 1_000_000, 3, 0.99, 0.10);
        Assert.Equal(3, c.Issues.Count(i => i.Status == IssueStatus.New));
        Assert.Equal(3, c.Issues.Count(i => i.Status == IssueStatus.Gone));
    }

    // ---- the daily series

    [Fact]
    public void Series_has_one_point_per_date_with_each_versions_rate_and_the_provisional_date_marked()
    {
        var rows = new List<VersionDayRow>();
        for (var day = Window.BaselineStart; day < Window.WindowEnd; day = day.AddDays(1))
        {
            rows.Add(new VersionDayRow(day, "150", 0.01, null, 1000, null));
            rows.Add(new VersionDayRow(day, "151", 0.03, null, 3000, null));
        }
        rows.RemoveAll(r => r.Day == Window.BaselineStart && r.VersionCode == "151");
        var report = HealthEvaluator.Evaluate("p", Window, rows, rows, Array.Empty<VersionDayRow>(), new HealthPolicy { Today = Utc(2026, 4, 26) });
        var series = report.Series[0];
        Assert.Equal(14, series.Points.Count);
        Assert.Equal("151", series.NewVersion);
        Assert.Null(series.Points[0].NewVersionRate);
        Assert.Equal(0.01, series.Points[0].AllRate!.Value, 12);
        Assert.Equal(0.025, series.Points[1].AllRate!.Value, 12);
        Assert.Equal(4000, series.Points[1].AllDevices);
        Assert.Equal(new[] { false, true }, new[] { series.Points[6].InWindow, series.Points[7].InWindow });
        Assert.Equal(1, series.Points.Count(p => p.Provisional));
        Assert.True(series.Points[13].Provisional);
        Assert.Equal(0.01 * 1.1, series.RegressionLine!.Value, 12);
        // The adjusted line: 150's rate on 151's devices, on the settled dates both versions have.
        Assert.Null(series.Points[0].ExpectedNewVersionRate);
        Assert.Equal(0.01, series.Points[1].ExpectedNewVersionRate!.Value, 12);
        Assert.Null(series.Points[13].ExpectedNewVersionRate);
        // A measure without rows has an empty series.
        Assert.Empty(report.Series[2].Points);
    }

    // ---- escaping and the chart

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")]
    [InlineData("a & \"b\"", "a &amp; &quot;b&quot;")]
    [InlineData("tab\tline\nend", "tab\tline\nend")]
    [InlineData("nul\0bell\u0007", "nul\uFFFDbell\uFFFD")]
    [InlineData("pair \uD83D\uDE00 kept", "pair \uD83D\uDE00 kept")]
    public void Escape_leaves_no_markup(string text, string expected) => Assert.Equal(expected, HtmlText.Escape(text));

    [Fact]
    public void Escape_replaces_a_lone_surrogate() =>
        Assert.Equal("lone \uFFFD surrogate \uFFFD", HtmlText.Escape("lone " + (char)0xD800 + " surrogate " + (char)0xDC00));

    [Theory]
    [InlineData(0.0167, 0.02, 0.005)]
    [InlineData(0.0046, 0.005, 0.001)]
    [InlineData(0.0142, 0.015, 0.005)]
    [InlineData(0.00031, 0.0004, 0.0001)]
    [InlineData(0.0, 0.01, 0.002)]
    public void Axis_runs_to_a_round_maximum_in_steps_of_one_two_or_five(double largest, double max, double step)
    {
        var (m, s) = SvgChart.Scale(largest);
        Assert.Equal(max, m, 12);
        Assert.Equal(step, s, 12);
    }

    [Fact]
    public void Tick_labels_are_percentages_with_the_decimals_the_step_needs()
    {
        Assert.Equal("1.5%", SvgChart.TickLabel(0.015, 0.005));
        Assert.Equal("0.40%", SvgChart.TickLabel(0.004, 0.0005));
        Assert.Equal("2%", SvgChart.TickLabel(0.02, 0.01));
        Assert.Equal("0.0%", SvgChart.TickLabel(0, 0.002));
    }

    [Theory]
    [InlineData("java.lang.NullPointerException\n\tat android.os.Handler.run(Handler.java:5)\n\tat com.example.app.ui.Cart.total(Cart.java:42)\n\tat com.example.app.Main.run(Main.java:1)",
        "com.example.app", "d1", "com.example.app.ui.Cart.total(Cart.java:42)")]
    [InlineData("java.lang.NullPointerException\r\n\tat android.os.Handler.run(Handler.java:5)\r\n\tat com.example.lib.Pay.go(Pay.java:7)",
        "com.example.app", "d1", "com.example.lib.Pay.go(Pay.java:7)")]
    [InlineData("java.lang.NullPointerException\n\tat android.os.Handler.run(Handler.java:5)", "com.example.app", "a1b2c3d4e5f6a7b8", "a1b2c3d4e5f\u2026")]
    [InlineData("java.lang.NullPointerException\n\tat com.example.appx.Z.z(Z.java:1)", "com.example.app", "short", "com.example.appx.Z.z(Z.java:1)")]
    [InlineData(null, "com.example.app", "short", "short")]
    [InlineData(null, "com.example.app", null, "")]
    public void An_issue_is_told_apart_by_its_first_frame_in_the_app_else_a_short_descriptor(string? text, string package, string? descriptor, string expected) =>
        Assert.Equal(expected, IssueChange.AppFrameOf(text, package, descriptor));

    [Fact]
    public void Compared_issues_carry_the_package_and_its_frame()
    {
        var rows = new[]
        {
            Issue("A", "151", 300, "java.lang.IllegalStateException: A\n\tat android.os.Looper.loop(Looper.java:1)\n\tat com.example.app.Checkout.pay(Checkout.java:9)"),
            Issue("B", "150", 100),
        };
        var issues = IssueComparison.Compare(Issues(rows), 1_000_000, 1_000_000, 5, 0.99, 0.10).Issues;
        Assert.All(issues, i => Assert.Equal("com.example.app", i.PackageName));
        Assert.Equal("com.example.app.Checkout.pay(Checkout.java:9)", issues.Single(i => i.CrashDescriptor == "A").AppFrame);
    }

    [Fact]
    public void A_line_with_a_start_index_is_drawn_from_that_day_only()
    {
        var days = Enumerable.Range(0, 10).Select(i => Utc(2026, 4, 1).AddDays(i)).ToList();
        var chart = new SvgChart("t", days) { WindowStartIndex = 6 };
        chart.Series.Add(new ChartSeries("all", "All", "#000", null, days.Select(_ => (double?)0.01).ToList()));
        chart.Lines.Add(new ChartLine("regression", "Regressed above", 0.012, "#c00", "8 3", 6));
        chart.Lines.Add(new ChartLine("threshold", "Threshold", 0.015, "#333", "8 4"));
        var w = new StringWriter();
        chart.Write(w);
        var svg = w.ToString();
        double X1(string key) => double.Parse(Regex.Match(svg, "data-line=\"" + key + "\"><line x1=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var divider = double.Parse(Regex.Match(svg, "class=\"divider\"><line x1=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(divider, X1("regression"), 3);
        Assert.True(X1("threshold") < divider);
    }

    // ---- the report

    private static ReportPackage Package(string name, double newRate, bool lmkServed = false)
    {
        var rows = new List<VersionDayRow>();
        for (var day = Window.BaselineStart; day < Window.WindowEnd; day = day.AddDays(1))
        {
            rows.Add(new VersionDayRow(day, "150", 0.005, null, 400_000, null));
            rows.Add(new VersionDayRow(day, "151", newRate, null, 600_000, null));
        }
        var issueRows = new[] { Issue("d1", "151", 900, "java.lang.IllegalArgumentException: " + Script + "\n\tat x.y(Z.java:1)"), Issue("d1", "150", 300) };
        var data = new HealthData(name, Window, new[]
        {
            new MeasureRows(HealthMeasure.Crash, rows, null),
            new MeasureRows(HealthMeasure.Anr, rows, null),
            lmkServed
                ? new MeasureRows(HealthMeasure.Lmk, rows, null)
                : new MeasureRows(HealthMeasure.Lmk, Array.Empty<VersionDayRow>(), new AmazonVitals.Client.Errors.VitalsException("lmkMetricSet: NOT_FOUND", AmazonVitals.Client.Errors.VitalsErrorKind.NotFound, "NOT_FOUND")),
        }, Issues(issueRows), null);
        return ReportPackage.From(HealthEvaluator.Evaluate(data, new HealthPolicy { Today = Utc(2026, 4, 26), CrashRateThreshold = 0.02 }));
    }

    private static string Render(params ReportPackage[] packages)
    {
        using var writer = new StringWriter();
        HtmlReportWriter.Write(writer, packages, Utc(2026, 4, 26, 6), "Release <health>");
        return writer.ToString();
    }

    [Fact]
    public void Report_has_a_banner_a_table_and_a_chart_per_served_measure_with_its_series()
    {
        var html = Render(Package("com.example.regressed", 0.015), Package("com.example.tvapp", 0.005, lmkServed: true));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<section class=\"package\"").Count);
        Assert.Contains("<div class=\"banner bad\">", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"banner good\">", html, StringComparison.Ordinal);
        // One chart per served measure; the first package's LMK was not served: its figure says why instead.
        var charts = Regex.Matches(html, "<svg class=\"chart\"[^>]*data-series=\"(\\d)\"");
        Assert.Equal(5, charts.Count);
        // The newest and the previous version, the previous version's rates on the newest one's devices, all versions.
        Assert.All(charts, m => Assert.Equal("4", m.Groups[1].Value));
        Assert.Equal(20, Regex.Matches(html, "<g class=\"series\"").Count);
        Assert.Equal(5, Regex.Matches(html, "<g class=\"series\" data-series=\"expected\"").Count);
        Assert.Contains("Not available: lmkMetricSet: NOT_FOUND", html, StringComparison.Ordinal);
        // Regression and threshold lines (a crash threshold was set), the provisional shade, the baseline divider.
        Assert.Equal(5, Regex.Matches(html, "data-line=\"regression\"").Count);
        Assert.Equal(2, Regex.Matches(html, "data-line=\"threshold\"").Count);
        Assert.Equal(5, Regex.Matches(html, "<g class=\"provisional\">").Count);
        Assert.Equal(5, Regex.Matches(html, "<g class=\"divider\">").Count);
        // The verdict in the measures table, not the word: the footer explains "Regressed" on every page.
        // Crash and ANR regressed on the first package only; the second package's are stable.
        foreach (var measure in new[] { "Crash", "ANR" })
        {
            var verdicts = Regex.Matches(html, "<tr><th scope=\"row\">" + measure + "<br><small>[^<]*</small></th><td><span class=\"verdict v-([a-z]+)\">");
            Assert.Equal(new[] { "regressed", "stable" }, verdicts.Select(v => v.Groups[1].Value));
        }
    }

    [Fact]
    public void Report_says_what_the_numbers_mean_and_lists_the_slices_that_carry_a_change()
    {
        // Three models; 151 crashes three times as often on model B only.
        var rows = new List<VersionDayRow>();
        var random = new Random(3);
        for (var day = Window.BaselineStart; day < Window.WindowEnd; day = day.AddDays(1))
        {
            foreach (var (model, rate) in new[] { ("A", 0.01), ("B", 0.02), ("C", 0.015) })
            {
                var noise = 1 + ((random.NextDouble() - 0.5) * 0.02);
                rows.Add(new VersionDayRow(day, "150", rate * noise, null, 20000, null) { DeviceType = "TV", DeviceModel = model, OsVersion = "8.1." + model });
                rows.Add(new VersionDayRow(day, "151", rate * (model == "B" ? 3 : 1) / noise, null, 20000, null) { DeviceType = "TV", DeviceModel = model, OsVersion = "8.1." + model });
            }
        }
        var report = HealthEvaluator.Evaluate("com.example.driver", Window, rows, Array.Empty<VersionDayRow>(), Array.Empty<VersionDayRow>(), new HealthPolicy { Today = Utc(2026, 4, 26) });
        var html = Render(ReportPackage.From(report));

        Assert.Contains("<h3>What the numbers say</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Crash:</strong> Carried most by deviceModel B", html, StringComparison.Ordinal);
        Assert.Matches("<tr class=\"driver stands-out\"><th scope=\"row\">deviceModel B</th><td class=\"num\">\\+\\d+\\.\\d%", html);
        // Model B and its OS version carry it; models A and C are not drivers.
        Assert.Equal(2, Regex.Matches(html, "<tr class=\"driver").Count);
        Assert.DoesNotContain("deviceModel A", html, StringComparison.Ordinal);
        // The adjusted line runs below the newest version's by the change per device: (1% + 6% + 1.5%) / (1% + 2% + 1.5%) = 1.89.
        var settled = report.Series[0].Points.Where(p => p.ExpectedNewVersionRate is not null).ToList();
        Assert.Equal(13, settled.Count); // 14 dates, the newest provisional
        Assert.All(settled, p => Assert.InRange(p.NewVersionRate!.Value / p.ExpectedNewVersionRate!.Value, 1.8, 1.98));
        Assert.Single(Regex.Matches(html, "data-series=\"expected\""));
    }

    [Fact]
    public void Report_is_self_contained_and_every_server_string_is_escaped()
    {
        var html = Render(Package("com.example.<b>app</b>", 0.015));
        // No script at all, nothing to load: a CSP forbids both, and no src or href leaves the page.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(?!#)", html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;document.title=&#39;injected&#39;&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("com.example.&lt;b&gt;app&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>app", html, StringComparison.Ordinal);
        Assert.Contains("<title>Release &lt;health&gt;:", html, StringComparison.Ordinal);
        // Traces expand without script, and the page prints.
        Assert.Contains("<details><summary>Full trace</summary><pre>", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Issues_section_lists_the_status_counts_and_the_first_line()
    {
        var html = Render(Package("p", 0.015));
        Assert.Contains("Crash issues of version 151 against 150: 0 new, 1 regressed", html, StringComparison.Ordinal);
        Assert.Contains("<code class=\"first-line\">java.lang.IllegalArgumentException: &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ANR issues", html, StringComparison.Ordinal);
    }
}
