using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using AmazonVitals.Client.Health;

namespace AmazonVitals.Output;

/// <summary>
/// Turns a judged health check into one <see cref="Health"/> object, with the top issues as the
/// same AmazonVitals.Issue objects Get-VitalsIssue writes.
/// </summary>
internal static class HealthShaper
{
    public const string TypeName = "AmazonVitals.Health";

    private static readonly MethodInfo s_issueToString = typeof(HealthShaper).GetMethod(nameof(IssueToString))!;

    public static Health Shape(HealthReport report, HealthData data) => new(report, Issues(data.CrashIssues), Issues(data.AnrIssues));

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
