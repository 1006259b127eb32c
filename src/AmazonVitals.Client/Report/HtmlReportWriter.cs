using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AmazonVitals.Client.Health;

namespace AmazonVitals.Client.Report;

/// <summary>
/// Writes the release health report: one self-contained HTML file. No script, no external
/// resource (a Content-Security-Policy forbids both), inline SVG charts, traces in
/// &lt;details&gt; so they expand without script, and a print style sheet. Every string that
/// reaches the page goes through <see cref="HtmlText.Escape"/>.
/// </summary>
public static class HtmlReportWriter
{
    public const string DefaultTitle = "Release health";
    /// <summary>The most slices listed under a measure: the rest carry little of the change.</summary>
    private const int MaxDrivers = 10;

    // Okabe-Ito colours, told apart by most colour-blind readers, and dashes for print in grey.
    private const string NewColor = "#D55E00", PreviousColor = "#0072B2", AllColor = "#555555";
    private const string RegressionColor = "#CC79A7", ThresholdColor = "#111111";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the whole document for <paramref name="packages"/>, in their order.</summary>
    public static void Write(TextWriter w, IReadOnlyList<ReportPackage> packages, DateTime generatedUtc, string? title = null)
    {
        title = string.IsNullOrWhiteSpace(title) ? DefaultTitle : title!;
        var unhealthy = packages.Count(p => !p.Healthy);
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Nothing may load or run: the report is read offline, attached to mails, kept in blobs.
        w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        w.Write("<meta name=\"generator\" content=\"AmazonVitals Export-VitalsReport\">\n<title>");
        HtmlText.Write(w, F("{0}: {1} package(s), {2} not healthy", title, packages.Count, unhealthy));
        w.Write("</title>\n<style>");
        w.Write(Css);
        w.Write("</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>");
        HtmlText.Write(w, title);
        w.Write("</h1>\n<p class=\"meta\">");
        HtmlText.Write(w, F("Generated {0:yyyy-MM-dd HH:mm} UTC · {1} package(s), {2} not healthy", generatedUtc, packages.Count, unhealthy));
        w.Write("</p>\n");
        WriteOverview(w, packages);
        w.Write("</header>\n<main>\n");
        for (var i = 0; i < packages.Count; i++)
            WritePackage(w, packages[i], i + 1);
        w.Write("</main>\n");
        WriteMethod(w, packages);
        w.Write("</body>\n</html>\n");
    }

    private static void WriteOverview(TextWriter w, IReadOnlyList<ReportPackage> packages)
    {
        w.Write("<table class=\"overview\">\n<thead><tr><th>Package</th><th>Status</th><th>Crash</th><th>ANR</th><th>LMK</th><th>Latest data</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < packages.Count; i++)
        {
            var p = packages[i];
            w.Write(F("<tr><td><a href=\"#pkg-{0}\">", i + 1));
            HtmlText.Write(w, p.PackageName);
            w.Write("</a></td><td>");
            WriteStatusBadge(w, p);
            w.Write("</td>");
            foreach (var name in new[] { "Crash", "ANR", "LMK" })
            {
                w.Write("<td>");
                var m = p.Measures.FirstOrDefault(x => string.Equals(x.Measure, name, StringComparison.Ordinal));
                if (m is not null)
                    WriteVerdict(w, m.Verdict);
                w.Write("</td>");
            }
            w.Write("<td>");
            HtmlText.Write(w, p.LatestDaily.ToString("yyyy-MM-dd", Invariant));
            w.Write("</td></tr>\n");
        }
        w.Write("</tbody>\n</table>\n");
    }

    private static void WritePackage(TextWriter w, ReportPackage p, int index)
    {
        var state = p.Stale ? "stale" : p.Healthy ? "good" : "bad";
        w.Write(F("<section class=\"package\" id=\"pkg-{0}\">\n<div class=\"banner {1}\">\n<h2>", index, state));
        HtmlText.Write(w, p.PackageName);
        w.Write("</h2>\n<p class=\"status\">");
        HtmlText.Write(w, p.Stale ? "Stale data: not judged healthy" : p.Healthy ? "Healthy" : "Not healthy");
        w.Write("</p>\n");
        WriteList(w, "reasons", p.Reasons);
        w.Write("</div>\n");
        WriteList(w, "warnings", p.Warnings);

        w.Write("<p class=\"window\">");
        var days = (int)Math.Round((p.WindowEnd - p.WindowStart).TotalDays);
        HtmlText.Write(w, F("Window {0:yyyy-MM-dd} to {1:yyyy-MM-dd} ({2} days) against the baseline {3:yyyy-MM-dd} to {4:yyyy-MM-dd}. ",
            p.WindowStart, p.WindowEnd.AddDays(-1), days, p.BaselineStart, p.WindowStart.AddDays(-1)));
        HtmlText.Write(w, p.ProvisionalDays == 0
            ? "No date is treated as provisional."
            : F("The newest {0} ({1:yyyy-MM-dd}{2}) is provisional: devices still report late, so it is shaded in the charts and left out of the version test.",
                p.ProvisionalDays == 1 ? "date" : F("{0} dates", p.ProvisionalDays), p.WindowEnd.AddDays(-p.ProvisionalDays),
                p.ProvisionalDays == 1 ? "" : F(" to {0:yyyy-MM-dd}", p.WindowEnd.AddDays(-1))));
        w.Write("</p>\n");

        w.Write("<h3>Measures</h3>\n");
        WriteMeasures(w, p);
        WriteFindings(w, p);
        w.Write("<h3>Daily rates</h3>\n<div class=\"charts\">\n");
        foreach (var m in p.Measures)
            WriteChart(w, p, m);
        w.Write("</div>\n");
        WriteIssues(w, "Crash", p.CrashIssues);
        WriteIssues(w, "ANR", p.AnrIssues);
        w.Write("</section>\n");
    }

    private static void WriteMeasures(TextWriter w, ReportPackage p)
    {
        w.Write("<div class=\"scroll\"><table class=\"measures\">\n<thead><tr><th>Measure</th><th>Verdict</th><th>Newest version</th><th>Previous version</th><th>Change vs previous version</th><th>");
        HtmlText.Write(w, F("{0} interval of the change", Messages.Percent(p.Confidence)));
        w.Write("</th><th>Test</th><th>Window, all versions</th><th>Baseline (change vs baseline)</th><th>Threshold</th></tr></thead>\n<tbody>\n");
        foreach (var m in p.Measures)
        {
            w.Write("<tr><th scope=\"row\">");
            HtmlText.Write(w, m.Measure);
            w.Write("<br><small>");
            HtmlText.Write(w, m.RateMetric);
            w.Write("</small></th><td>");
            WriteVerdict(w, m.Verdict);
            w.Write("</td>");
            if (m.Verdict == HealthVerdict.NotAvailable)
            {
                w.Write("<td colspan=\"8\" class=\"reason\">");
                HtmlText.Write(w, m.Reason);
                w.Write("</td></tr>\n");
                continue;
            }
            WriteVersionCell(w, m.NewVersion, m.NewVersionRate, m.NewVersionDeviceDays);
            WriteVersionCell(w, m.PreviousVersion, m.PreviousVersionRate, m.PreviousVersionDeviceDays);
            Cell(w, "num", m.Change is { } r ? SignedPercent(r) + " per device (raw " + (m.RawChange is { } raw ? SignedPercent(raw) : "–") + ")" : "–");
            Cell(w, "num", m.ChangeLow is { } lo && m.ChangeHigh is { } hi ? SignedPercent(lo) + " to " + SignedPercent(hi) : "–");
            if (m.TStatistic is { } tValue)
            {
                w.Write("<td class=\"num\">");
                HtmlText.Write(w, "t = " + tValue.ToString("0.00", Invariant) + " on " + m.DegreesOfFreedom?.ToString(Invariant) + " df");
                w.Write("<br><small>");
                HtmlText.Write(w, "p " + Messages.PValue(m.PValue));
                w.Write("</small></td>");
            }
            else
            {
                Cell(w, "num", "–");
            }
            Cell(w, "num", Messages.Percent(m.WindowRate));
            Cell(w, "num", Messages.Percent(m.BaselineRate) + (m.RelativeChange is { } c ? " (" + SignedPercent(c) + ")" : ""));
            Cell(w, "num" + (m.AboveThreshold ? " above" : ""), m.Threshold is { } t ? Messages.Percent(t) + (m.AboveThreshold ? " exceeded" : "") : "–");
            w.Write("</tr>\n");
        }
        w.Write("</tbody>\n</table></div>\n");
    }

    /// <summary>Each measure's explanation in words, and the slices that carry its change, most excess events first.</summary>
    private static void WriteFindings(TextWriter w, ReportPackage p)
    {
        var explained = p.Measures.Where(m => m.Explanation is not null || m.Drivers.Count > 0).ToList();
        if (explained.Count == 0)
            return;
        w.Write("<h3>What the numbers say</h3>\n");
        foreach (var m in explained)
        {
            w.Write("<div class=\"finding\" data-measure=\"");
            HtmlText.Write(w, m.Measure);
            w.Write("\">\n<p class=\"explanation\"><strong>");
            HtmlText.Write(w, m.Measure + ":");
            w.Write("</strong> ");
            HtmlText.Write(w, m.Explanation ?? "");
            w.Write("</p>\n");
            if (m.Drivers.Count > 0)
                WriteDrivers(w, m);
            w.Write("</div>\n");
        }
    }

    private static void WriteDrivers(TextWriter w, MeasureHealth m)
    {
        w.Write("<div class=\"scroll\"><table class=\"drivers\">\n<thead><tr><th>Slice</th><th>Change per device</th><th>Interval</th><th>Share of the excess events</th><th>Share of the devices</th><th>q (Benjamini-Hochberg)</th></tr></thead>\n<tbody>\n");
        foreach (var d in m.Drivers.Take(MaxDrivers))
        {
            w.Write("<tr class=\"driver");
            if (d.StandsOut)
                w.Write(" stands-out");
            w.Write("\"><th scope=\"row\">");
            HtmlText.Write(w, d.Dimension + " " + d.Value);
            w.Write("</th>");
            Cell(w, "num", d.Change is { } c ? SignedPercent(c) : "–");
            Cell(w, "num", d.ChangeLow is { } lo && d.ChangeHigh is { } hi ? SignedPercent(lo) + " to " + SignedPercent(hi) : "–");
            Cell(w, "num", d.ExcessShare.ToString("0%", Invariant));
            Cell(w, "num", d.DeviceShare.ToString("0%", Invariant));
            Cell(w, "num", Messages.PValue(d.AdjustedPValue));
            w.Write("</tr>\n");
        }
        w.Write("</tbody>\n</table></div>\n");
    }

    private static void WriteVersionCell(TextWriter w, string? version, double? rate, long deviceDays)
    {
        w.Write("<td class=\"num\">");
        if (version is null)
        {
            w.Write("–</td>");
            return;
        }
        HtmlText.Write(w, version + ": " + Messages.Percent(rate));
        w.Write("<br><small>");
        HtmlText.Write(w, F("{0:N0} device-days", deviceDays));
        w.Write("</small></td>");
    }

    private static void WriteChart(TextWriter w, ReportPackage p, MeasureHealth m)
    {
        var series = p.SeriesOf(m);
        w.Write("<figure class=\"chart-box\" data-measure=\"");
        HtmlText.Write(w, m.Measure);
        w.Write("\">\n<figcaption>");
        HtmlText.Write(w, F("{0}: {1} per day", m.Measure, m.RateMetric));
        w.Write("</figcaption>\n");
        if (series is null || series.Points.Count == 0)
        {
            w.Write("<p class=\"empty\">");
            HtmlText.Write(w, m.Verdict == HealthVerdict.NotAvailable ? "Not available: " + m.Reason : "No daily data.");
            w.Write("</p>\n</figure>\n");
            return;
        }
        var points = series.Points;
        var chart = new SvgChart(F("{0} of {1}: daily {2}", m.Measure, p.PackageName, m.RateMetric), points.Select(x => x.Day).ToList())
        {
            WindowStartIndex = IndexOf(points, x => x.InWindow),
            ProvisionalStartIndex = IndexOf(points, x => x.Provisional),
            Description = Messages.HealthMeasureSummary(m),
        };
        if (series.NewVersion is { } newVersion)
            chart.Series.Add(new ChartSeries("new", F("Version {0} (newest)", newVersion), NewColor, null, points.Select(x => x.NewVersionRate).ToList()));
        if (series.PreviousVersion is { } previousVersion)
            chart.Series.Add(new ChartSeries("previous", F("Version {0} (previous)", previousVersion), PreviousColor, null, points.Select(x => x.PreviousVersionRate).ToList()));
        // The adjusted comparison: the newest version's line against this one is the change per device.
        if (points.Any(x => x.ExpectedNewVersionRate is not null))
            chart.Series.Add(new ChartSeries("expected", F("{0}'s rates on {1}'s devices", series.PreviousVersion, series.NewVersion), PreviousColor, "2 3",
                points.Select(x => x.ExpectedNewVersionRate).ToList()));
        chart.Series.Add(new ChartSeries("all", "All versions", AllColor, "6 4", points.Select(x => x.AllRate).ToList()));
        if (series.RegressionLine is { } line)
            chart.Lines.Add(new ChartLine("regression", F("Regressed above {0} (that line + {1})", Messages.Percent(line), Messages.Percent(p.MinChange)), line, RegressionColor, "8 3 2 3",
                chart.WindowStartIndex));
        if (series.Threshold is { } threshold)
            chart.Lines.Add(new ChartLine("threshold", F("Threshold {0}", Messages.Percent(threshold)), threshold, ThresholdColor, "8 4"));
        chart.Write(w);
        if (points.TakeWhile(x => x.FromHistory).Count() is var stored and > 0)
        {
            // Said in words, because the chart draws stored and served dates alike.
            w.Write("\n<p class=\"history-note\">");
            HtmlText.Write(w, F("The {0} dates before {1:yyyy-MM-dd} come from the history folder (Sync-VitalsHistory); the verdict judges only the dates the API served.",
                stored, points[stored].Day));
            w.Write("</p>");
        }
        w.Write("\n</figure>\n");
    }

    private static void WriteIssues(TextWriter w, string type, IReadOnlyList<IssueChange> issues)
    {
        if (issues.Count == 0)
            return;
        var first = issues[0];
        w.Write("<h3>");
        HtmlText.Write(w, first.NewVersion is null
            ? F("Top {0} issues of the window", type)
            : first.PreviousVersion is null
                ? F("Top {0} issues of version {1}", type, first.NewVersion)
                : F("{0} issues of version {1} against {2}: {3} new, {4} regressed", type, first.NewVersion, first.PreviousVersion,
                    issues.Count(i => i.Status == IssueStatus.New), issues.Count(i => i.Status == IssueStatus.Regressed)));
        w.Write("</h3>\n<table class=\"issues\">\n<thead><tr><th>Status</th><th>Events, newest</th><th>Events, previous</th><th>Per device-day</th><th>Trace</th></tr></thead>\n<tbody>\n");
        foreach (var issue in issues)
        {
            var css = "s-" + issue.Status.ToString().ToLowerInvariant();
            w.Write("<tr class=\"issue ");
            HtmlText.Write(w, css);
            w.Write("\"><td><span class=\"status ");
            HtmlText.Write(w, css);
            w.Write("\">");
            HtmlText.Write(w, issue.Status == IssueStatus.NotCompared ? "Top" : issue.Status.ToString());
            w.Write("</span></td>");
            Cell(w, "num", issue.Status == IssueStatus.Gone ? "0" : issue.NewEvents.ToString("N0", Invariant));
            Cell(w, "num", issue.PreviousVersion is null ? "–" : issue.PreviousEvents.ToString("N0", Invariant));
            Cell(w, "num", issue.RelativeChange is { } r
                ? SignedPercent(r) + (issue.PValue is { } pv ? ", p " + Messages.PValue(pv) : "")
                : issue.Status == IssueStatus.New ? "new" : issue.Status == IssueStatus.Gone ? "gone" : "–");
            w.Write("<td class=\"trace\"><code class=\"first-line\">");
            HtmlText.Write(w, issue.FirstLine);
            w.Write("</code>");
            if (!string.IsNullOrEmpty(issue.ReportText))
            {
                w.Write("<details><summary>Full trace</summary><pre>");
                HtmlText.Write(w, issue.ReportText);
                w.Write("</pre></details>");
            }
            w.Write("<div class=\"descriptor\">");
            HtmlText.Write(w, issue.CrashDescriptor);
            w.Write("</div></td></tr>\n");
        }
        w.Write("</tbody>\n</table>\n");
    }

    private static void WriteMethod(TextWriter w, IReadOnlyList<ReportPackage> packages)
    {
        var confidence = packages.Count > 0 ? packages[0].Confidence : HealthPolicy.DefaultConfidence;
        var minChange = packages.Count > 0 ? packages[0].MinChange : HealthPolicy.DefaultMinChange;
        w.Write("<footer class=\"method\">\n<h2>How the verdicts are made</h2>\n<p>");
        HtmlText.Write(w, F("Each measure compares the newest version with the previous one (each with at least -MinDevices devices a day) per device family, on the settled dates both have "
            + "and device build by device build (deviceModel and osVersion), so a different device mix, and anything that moves both versions on a day, cancels (a Mantel-Haenszel rate ratio per day). "
            + "The days' ratios are pooled as a random-effects meta-analysis (DerSimonian-Laird, Hartung-Knapp, a t reference on days − 1 degrees of freedom): "
            + "the uncertainty comes from how much the comparison moves from day to day, never from device-days counted as independent trials. "
            + "Regressed needs a change per device significant at {0} confidence and of at least {1}, Improved the mirror image; anything else is Stable. "
            + "NotEnoughData: no two versions to compare, or fewer than 3 shared settled dates. NotAvailable: the server did not serve the measure. "
            + "The slices that carry a change are the device models and OS versions whose own change is significant after a Benjamini-Hochberg adjustment, most excess events first.",
            Messages.Percent(confidence), Messages.Percent(minChange)));
        w.Write("</p>\n<p>");
        HtmlText.Write(w, "Issues are matched across the two versions by crashDescriptor. New: not among the previous version's issues. Regressed: events per device-day up by a two-proportion test on the versions' device-days. "
            + "Persisting: in both. Gone: in the previous version's top, and not on the newest. A feed whose latest Daily data is more than 2 days old is reported as stale, never as healthy.");
        w.Write("</p>\n</footer>\n");
    }

    private static void WriteStatusBadge(TextWriter w, ReportPackage p)
    {
        var (css, text) = p.Stale ? ("stale", "Stale data") : p.Healthy ? ("good", "Healthy") : ("bad", "Not healthy");
        w.Write("<span class=\"badge ");
        w.Write(css);
        w.Write("\">");
        HtmlText.Write(w, text);
        w.Write("</span>");
    }

    private static void WriteVerdict(TextWriter w, HealthVerdict verdict) => WriteVerdict(w, verdict.ToString());

    private static void WriteVerdict(TextWriter w, string verdict)
    {
        w.Write("<span class=\"verdict v-");
        HtmlText.Write(w, verdict.ToLowerInvariant());
        w.Write("\">");
        HtmlText.Write(w, verdict);
        w.Write("</span>");
    }

    private static void WriteList(TextWriter w, string css, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
            return;
        w.Write("<ul class=\"");
        w.Write(css);
        w.Write("\">\n");
        foreach (var item in items)
        {
            w.Write("<li>");
            HtmlText.Write(w, item);
            w.Write("</li>\n");
        }
        w.Write("</ul>\n");
    }

    private static void Cell(TextWriter w, string css, string text)
    {
        w.Write("<td class=\"");
        w.Write(css);
        w.Write("\">");
        HtmlText.Write(w, text);
        w.Write("</td>");
    }

    private static int IndexOf(IReadOnlyList<HealthSeriesPoint> points, Func<HealthSeriesPoint, bool> test)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (test(points[i]))
                return i;
        }
        return -1;
    }

    private static string F(string format, params object?[] args) => string.Format(Invariant, format, args);

    private static string SignedPercent(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", Invariant) + "%";

    private static string Points(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("+0.000;-0.000;0.000", Invariant) + " pp" : "–";

    private const string Css = @"
:root { --good: #1a7f37; --bad: #b42318; --stale: #9a6700; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 24px; font: 14px/1.45 -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 0; } h3 { font-size: 16px; margin: 22px 0 8px; }
.meta, .window, small, .note, .descriptor { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); border-bottom: 2px solid var(--line); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.above { color: var(--bad); font-weight: 600; }
td.reason { color: var(--muted); }
a { color: #0969da; }
.overview { margin-top: 14px; }
.scroll { overflow-x: auto; }
.measures td, .measures th, .drivers td, .drivers th { padding: 5px 6px; }
.finding { margin: 8px 0 12px; } .finding p.explanation { margin: 4px 0; }
tr.stands-out th, tr.stands-out td { background: #fff6f5; font-weight: 600; }
.package { margin-top: 34px; padding-top: 8px; border-top: 3px solid var(--line); }
.banner { border-left: 8px solid; border-radius: 6px; padding: 12px 16px; margin: 8px 0 10px; }
.banner.good { border-color: var(--good); background: #dafbe1; }
.banner.bad { border-color: var(--bad); background: #ffebe9; }
.banner.stale { border-color: var(--stale); background: #fff8c5; }
.banner .status { font-size: 18px; font-weight: 700; margin: 4px 0; }
.banner.good .status { color: var(--good); } .banner.bad .status { color: var(--bad); } .banner.stale .status { color: var(--stale); }
.reasons, .warnings { margin: 6px 0; padding-left: 20px; }
.warnings { color: var(--stale); font-weight: 600; }
.badge, .verdict, .status { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; }
.badge.good { background: #dafbe1; color: var(--good); } .badge.bad { background: #ffebe9; color: var(--bad); } .badge.stale { background: #fff8c5; color: var(--stale); }
.banner .status { display: block; padding: 0; border-radius: 0; }
.v-regressed, .s-new .status, span.s-new, span.s-regressed { background: #ffebe9; color: var(--bad); }
.v-improved, span.s-gone { background: #dafbe1; color: var(--good); }
.v-stable, span.s-persisting, span.s-notcompared { background: #eef1f4; color: var(--ink); }
.v-notenoughdata { background: #ddf4ff; color: #0550ae; }
.v-notavailable { background: #fff8c5; color: var(--stale); }
.charts { display: grid; grid-template-columns: 1fr; gap: 14px; }
figure.chart-box { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px 4px; }
figure.chart-box figcaption { font-weight: 600; margin-bottom: 2px; }
svg.chart { width: 100%; height: auto; display: block; font: 11.5px -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
svg.chart text { fill: #333; } svg.chart text.note { fill: #666; font-size: 10.5px; }
.issues code.first-line { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; }
.issues td.trace { width: 62%; }
details { margin-top: 4px; } summary { cursor: pointer; color: #0969da; font-size: 12px; }
details pre { margin: 6px 0 0; padding: 8px; background: #f6f8fa; border: 1px solid var(--line); border-radius: 4px; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; max-height: 420px; overflow: auto; }
.descriptor { font: 11px ui-monospace, Menlo, Consolas, monospace; }
tr.s-new td, tr.s-regressed td { background: #fff6f5; }
.method { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); }
.method h2 { font-size: 15px; color: var(--ink); }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .package { break-before: page; border-top: none; }
  .banner, figure.chart-box, tr { break-inside: avoid; }
  details, .descriptor { display: none; }
  a { color: inherit; text-decoration: none; }
}
";
}
