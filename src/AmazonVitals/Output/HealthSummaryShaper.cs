using System.Linq;
using System.Management.Automation;
using AmazonVitals.Client.Health;

namespace AmazonVitals.Output;

/// <summary>
/// Get-VitalsHealth -AsSummary: one flat AmazonVitals.HealthSummary row per package and measure,
/// every value a string, number, Boolean or date, so Export-Csv writes the same columns for every
/// row and a spreadsheet can sort a fleet of apps by p-value or change.
/// </summary>
internal static class HealthSummaryShaper
{
    public const string TypeName = "AmazonVitals.HealthSummary";

    public static PSObject[] Shape(HealthReport report) => report.Measures.Select(m => Row(report, m)).ToArray();

    private static PSObject Row(HealthReport report, MeasureHealth m)
    {
        var issues = ReferenceEquals(m, report.Crash) ? report.CrashIssues : ReferenceEquals(m, report.Anr) ? report.AnrIssues : null;
        int? Count(IssueStatus status) => issues?.Issues.Count(i => i.Status == status);
        var obj = new PSObject();
        obj.TypeNames.Insert(0, TypeName);
        var p = obj.Properties;
        p.Add(new PSNoteProperty("PackageName", report.PackageName));
        p.Add(new PSNoteProperty("Measure", m.Measure));
        // Names, not enum values: a summary row is for Export-Csv and ConvertTo-Json, which would write an enum as a number.
        p.Add(new PSNoteProperty("Verdict", m.Verdict.ToString()));
        p.Add(new PSNoteProperty("Healthy", report.Healthy));
        p.Add(new PSNoteProperty("Stale", report.Stale));
        p.Add(new PSNoteProperty("LatestDaily", report.Window.LatestDaily));
        p.Add(new PSNoteProperty("WindowStart", report.Window.WindowStart));
        p.Add(new PSNoteProperty("WindowEnd", report.Window.WindowEnd));
        p.Add(new PSNoteProperty("ProvisionalDays", report.ProvisionalDays));
        p.Add(new PSNoteProperty("RateMetric", m.RateMetric));
        p.Add(new PSNoteProperty("NewVersion", m.NewVersion));
        p.Add(new PSNoteProperty("NewVersionRate", m.NewVersionRate));
        p.Add(new PSNoteProperty("NewVersionDeviceDays", m.NewVersionDeviceDays));
        p.Add(new PSNoteProperty("PreviousVersion", m.PreviousVersion));
        p.Add(new PSNoteProperty("PreviousVersionRate", m.PreviousVersionRate));
        p.Add(new PSNoteProperty("PreviousVersionDeviceDays", m.PreviousVersionDeviceDays));
        p.Add(new PSNoteProperty("VersionRelativeChange", m.VersionRelativeChange));
        p.Add(new PSNoteProperty("VersionAbsoluteChange", m.VersionAbsoluteChange));
        p.Add(new PSNoteProperty("ChangeVsPrevious", m.Change));
        p.Add(new PSNoteProperty("ChangeVsPreviousLow", m.ChangeLow));
        p.Add(new PSNoteProperty("ChangeVsPreviousHigh", m.ChangeHigh));
        p.Add(new PSNoteProperty("RawChangeVsPrevious", m.RawChange));
        p.Add(new PSNoteProperty("ComparedDays", m.ComparedDays));
        p.Add(new PSNoteProperty("TStatistic", m.TStatistic));
        p.Add(new PSNoteProperty("PValue", m.PValue));
        p.Add(new PSNoteProperty("Comparisons", string.Join(" | ", m.Comparisons.Select(c => c.ToString()))));
        p.Add(new PSNoteProperty("TopDriver", m.TopDriver is { } d ? d.Dimension + "=" + d.Value : null));
        p.Add(new PSNoteProperty("TopDriverChange", m.TopDriver?.Change));
        p.Add(new PSNoteProperty("TopDriverExcessShare", m.TopDriver?.ExcessShare));
        p.Add(new PSNoteProperty("Explanation", m.Explanation));
        p.Add(new PSNoteProperty("Confidence", m.Confidence));
        p.Add(new PSNoteProperty("MinChange", m.MinChange));
        p.Add(new PSNoteProperty("WindowRate", m.WindowRate));
        p.Add(new PSNoteProperty("BaselineRate", m.BaselineRate));
        p.Add(new PSNoteProperty("ChangeVsBaseline", m.RelativeChange));
        p.Add(new PSNoteProperty("Threshold", m.Threshold));
        p.Add(new PSNoteProperty("AboveThreshold", m.AboveThreshold));
        p.Add(new PSNoteProperty("NewIssues", Count(IssueStatus.New)));
        p.Add(new PSNoteProperty("RegressedIssues", Count(IssueStatus.Regressed)));
        p.Add(new PSNoteProperty("Reason", m.Reason));
        p.Add(new PSNoteProperty("Reasons", string.Join(" | ", report.Reasons)));
        return obj;
    }
}
