using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using AmazonVitals.Client.Health;

namespace AmazonVitals.Output;

/// <summary>
/// Turns a judged health check into one AmazonVitals.Health object: flat top-level properties a
/// runbook tests ($h.Healthy, $h.Reasons, $h.Crash.Verdict), the per-measure objects, the issues
/// of the newest version against the previous one, the top issues as the same AmazonVitals.Issue
/// objects Get-VitalsIssue writes, and the daily series Export-VitalsReport draws (so it need not
/// ask the server again).
/// </summary>
internal static class HealthShaper
{
    public const string TypeName = "AmazonVitals.Health";

    private static readonly MethodInfo s_issueToString = typeof(HealthShaper).GetMethod(nameof(IssueToString))!;

    public static PSObject Shape(HealthReport report, HealthData data)
    {
        var window = report.Window;
        var obj = new PSObject();
        obj.TypeNames.Insert(0, TypeName);
        var properties = obj.Properties;
        properties.Add(new PSNoteProperty("PackageName", report.PackageName));
        properties.Add(new PSNoteProperty("Healthy", report.Healthy));
        properties.Add(new PSNoteProperty("Stale", report.Stale));
        properties.Add(new PSNoteProperty("Reasons", report.Reasons.ToArray()));
        properties.Add(new PSNoteProperty("Warnings", report.Warnings.ToArray()));
        properties.Add(new PSNoteProperty("Crash", report.Crash));
        properties.Add(new PSNoteProperty("Anr", report.Anr));
        properties.Add(new PSNoteProperty("Lmk", report.Lmk));
        properties.Add(new PSNoteProperty("WindowStart", window.WindowStart));
        properties.Add(new PSNoteProperty("WindowEnd", window.WindowEnd));
        properties.Add(new PSNoteProperty("BaselineStart", window.BaselineStart));
        properties.Add(new PSNoteProperty("LatestDaily", window.LatestDaily));
        properties.Add(new PSNoteProperty("Days", window.Days));
        properties.Add(new PSNoteProperty("ProvisionalDays", report.ProvisionalDays));
        properties.Add(new PSNoteProperty("MinDevices", report.MinDevices));
        properties.Add(new PSNoteProperty("Confidence", report.Confidence));
        properties.Add(new PSNoteProperty("MinChange", report.MinChange));
        properties.Add(new PSNoteProperty("Measures", report.Measures.ToArray()));
        properties.Add(new PSNoteProperty("CrashIssues", report.CrashIssues?.Issues.ToArray() ?? Array.Empty<IssueChange>()));
        properties.Add(new PSNoteProperty("AnrIssues", report.AnrIssues?.Issues.ToArray() ?? Array.Empty<IssueChange>()));
        properties.Add(new PSNoteProperty("TopCrashIssues", Issues(data.CrashIssues)));
        properties.Add(new PSNoteProperty("TopAnrIssues", Issues(data.AnrIssues)));
        properties.Add(new PSNoteProperty("Series", report.Series.ToArray()));
        return obj;
    }

    /// <summary>The newest version's top issues (or the window's, when there is no version to compare), as Get-VitalsIssue writes them.</summary>
    private static PSObject[] Issues(HealthIssues? issues)
    {
        if (issues is null)
            return Array.Empty<PSObject>();
        var shaper = new IssueShaper(issues.Plan);
        var rows = issues.NewVersion is { } version ? issues.RowsOf(version).Take(issues.Top) : issues.Rows;
        return rows.Select(row =>
        {
            // Inside $h | Format-List an issue reads as one line, not its whole stack trace.
            var issue = shaper.Shape(row);
            issue.Methods.Add(new PSCodeMethod("ToString", s_issueToString));
            return issue;
        }).ToArray();
    }

    /// <summary>An issue as one line: its events and the first line of its trace.</summary>
    public static string IssueToString(PSObject instance)
    {
        var text = instance.Properties["ReportText"]?.Value as string;
        var first = string.IsNullOrEmpty(text) ? instance.Properties["CrashDescriptor"]?.Value as string : text!.Split('\n')[0].TrimEnd('\r');
        return string.Format(CultureInfo.InvariantCulture, "{0} events: {1}", instance.Properties["ErrorEventCount"]?.Value, first);
    }
}
