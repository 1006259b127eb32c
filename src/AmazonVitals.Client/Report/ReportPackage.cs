using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Health;

namespace AmazonVitals.Client.Report;

/// <summary>
/// What the report shows of one package: the parts of a health check's result, as
/// Get-VitalsHealth's object carries them. Plain setters, so the cmdlet layer can fill it from
/// that object's properties.
/// </summary>
public sealed class ReportPackage
{
    public string PackageName { get; set; } = "";
    public bool Healthy { get; set; }
    public bool Stale { get; set; }
    public IReadOnlyList<string> Reasons { get; set; } = Array.Empty<string>();
    public IReadOnlyList<string> Warnings { get; set; } = Array.Empty<string>();
    public DateTime LatestDaily { get; set; }
    public DateTime WindowStart { get; set; }
    /// <summary>Exclusive.</summary>
    public DateTime WindowEnd { get; set; }
    public DateTime BaselineStart { get; set; }
    public int ProvisionalDays { get; set; }
    public double Confidence { get; set; } = HealthPolicy.DefaultConfidence;
    public double MinChange { get; set; } = HealthPolicy.DefaultMinChange;
    public long MinDevices { get; set; } = HealthPolicy.DefaultMinDevices;
    /// <summary>Crash, ANR, LMK.</summary>
    public IReadOnlyList<MeasureHealth> Measures { get; set; } = Array.Empty<MeasureHealth>();
    /// <summary>One per measure, in the same order (matched by name).</summary>
    public IReadOnlyList<HealthSeries> Series { get; set; } = Array.Empty<HealthSeries>();
    public IReadOnlyList<IssueChange> CrashIssues { get; set; } = Array.Empty<IssueChange>();
    public IReadOnlyList<IssueChange> AnrIssues { get; set; } = Array.Empty<IssueChange>();

    /// <summary>The report's view of a judged health check.</summary>
    public static ReportPackage From(HealthReport report) => new()
    {
        PackageName = report.PackageName,
        Healthy = report.Healthy,
        Stale = report.Stale,
        Reasons = report.Reasons,
        Warnings = report.Warnings,
        LatestDaily = report.Window.LatestDaily,
        WindowStart = report.Window.WindowStart,
        WindowEnd = report.Window.WindowEnd,
        BaselineStart = report.Window.BaselineStart,
        ProvisionalDays = report.ProvisionalDays,
        Confidence = report.Confidence,
        MinChange = report.MinChange,
        MinDevices = report.MinDevices,
        Measures = report.Measures,
        Series = report.Series,
        CrashIssues = report.CrashIssues?.Issues ?? Array.Empty<IssueChange>(),
        AnrIssues = report.AnrIssues?.Issues ?? Array.Empty<IssueChange>(),
    };

    /// <summary>The series of a measure, or null.</summary>
    public HealthSeries? SeriesOf(MeasureHealth measure) =>
        Series.FirstOrDefault(s => string.Equals(s.Measure, measure.Measure, StringComparison.Ordinal));
}
