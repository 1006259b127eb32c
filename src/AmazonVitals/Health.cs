using System;
using System.Linq;
using System.Management.Automation;
using AmazonVitals.Client.Health;

namespace AmazonVitals;

/// <summary>
/// What Get-VitalsHealth writes for one package: a real .NET type (AmazonVitals.Health), so a
/// runbook reads $h.Healthy, $h.Crash.Verdict or $h.Measures['ANR'] as typed values, and
/// Export-VitalsReport takes the object as it is. The judged report itself is <see cref="GetReport"/>;
/// the properties here are its parts, flat where a script tests them.
/// </summary>
public sealed class Health
{
    internal Health(HealthReport report, PSObject[] topCrashIssues, PSObject[] topAnrIssues)
    {
        Report = report;
        TopCrashIssues = topCrashIssues;
        TopAnrIssues = topAnrIssues;
    }

    // Internal, not a property a script sees: the flat properties below are the public face, and
    // Select-Object * or Export-Csv would otherwise drag the whole judged model along.
    internal HealthReport Report { get; }

    /// <summary>The judged check, as the client library made it: everything the report draws.</summary>
    public HealthReport GetReport() => Report;

    /// <summary>The package checked.</summary>
    public string PackageName => Report.PackageName;
    /// <summary>No measure Regressed or not available, no threshold exceeded, data not stale.</summary>
    public bool Healthy => Report.Healthy;
    /// <summary>True when the newest Daily data is more than two days old.</summary>
    public bool Stale => Report.Stale;
    /// <summary>Why the package is not healthy, one line each; empty when it is.</summary>
    public string[] Reasons => Report.Reasons.ToArray();
    /// <summary>What could not be fetched, or a stalled feed.</summary>
    public string[] Warnings => Report.Warnings.ToArray();
    /// <summary>The crash measure.</summary>
    public MeasureHealth Crash => Report.Crash;
    /// <summary>The ANR measure.</summary>
    public MeasureHealth Anr => Report.Anr;
    /// <summary>The LMK measure.</summary>
    public MeasureHealth Lmk => Report.Lmk;
    /// <summary>Inclusive UTC start of the window.</summary>
    public DateTime WindowStart => Report.Window.WindowStart;
    /// <summary>Exclusive UTC end of the window.</summary>
    public DateTime WindowEnd => Report.Window.WindowEnd;
    /// <summary>Inclusive UTC start of the baseline.</summary>
    public DateTime BaselineStart => Report.Window.BaselineStart;
    /// <summary>The newest UTC date with Daily data.</summary>
    public DateTime LatestDaily => Report.Window.LatestDaily;
    /// <summary>Dates in the window.</summary>
    public int Days => Report.Window.Days;
    /// <summary>The newest dates left out of the version comparison.</summary>
    public int ProvisionalDays => Report.ProvisionalDays;
    /// <summary>The mean daily devices a version needs to be compared.</summary>
    public long MinDevices => Report.MinDevices;
    /// <summary>The two-sided confidence of the comparison.</summary>
    public double Confidence => Report.Confidence;
    /// <summary>The relative change a significant change needs to count.</summary>
    public double MinChange => Report.MinChange;
    /// <summary>Crash, ANR and LMK, by position or by name: $h.Measures['ANR'].</summary>
    public MeasureHealthList Measures => Report.Measures;
    /// <summary>The crash issues of the newest version against the previous one.</summary>
    public IssueChange[] CrashIssues => Report.CrashIssues?.Issues.ToArray() ?? Array.Empty<IssueChange>();
    /// <summary>The ANR issues of the newest version against the previous one.</summary>
    public IssueChange[] AnrIssues => Report.AnrIssues?.Issues.ToArray() ?? Array.Empty<IssueChange>();
    /// <summary>The newest version's top crash issues, as Get-VitalsIssue writes them.</summary>
    public PSObject[] TopCrashIssues { get; }
    /// <summary>The newest version's top ANR issues.</summary>
    public PSObject[] TopAnrIssues { get; }
    /// <summary>The daily rates of each measure, which Export-VitalsReport draws.</summary>
    public HealthSeries[] Series => Report.Series.ToArray();

    /// <summary>The package and whether it is healthy.</summary>
    public override string ToString() => PackageName + ": " + (Healthy ? "Healthy" : "not healthy");
}
