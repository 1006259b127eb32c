using System.Collections.Generic;
using System.Management.Automation;
using AmazonVitals.Client.Health;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Get-VitalsHealth: a release check of one package. Crash, ANR and LMK rates over the latest
/// days against the days before, the newest version against the one before it by a two-proportion
/// test, its new and regressed crash and ANR issues, and a Healthy verdict with its reasons. Five
/// requests per package, and three freshness requests when they are not cached.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VitalsHealth")]
[OutputType(typeof(Health))]
[OutputType(HealthSummaryShaper.TypeName)]
public sealed class GetVitalsHealthCommand : PackageCmdlet
{
    private readonly List<(string Package, IReadOnlyList<string> Reasons)> _failures = new();
    private readonly List<object> _unhealthy = new();

    /// <summary>Days in the window, which ends at the latest Daily data; the baseline is the same number of days before it. 1 to 15. Default: 7.</summary>
    [Parameter]
    [ValidateRange(1, HealthWindow.MaxDays)]
    public int Days { get; set; } = HealthWindow.DefaultDays;

    /// <summary>Top crash and top ANR issues of the newest version to compare with the previous version's, 0 to 100 (0: none, and two requests fewer). Default: 5.</summary>
    [Parameter]
    [ValidateRange(0, HealthFetcher.MaxTop)]
    public int Top { get; set; } = HealthFetcher.DefaultTop;

    /// <summary>The mean daily distinctDevices a version needs over the window to be compared. Default: 1000.</summary>
    [Parameter]
    [ValidateRange(0L, long.MaxValue)]
    public long MinDevices { get; set; } = HealthPolicy.DefaultMinDevices;

    /// <summary>The two-sided confidence a version change must be significant at, 0.5 to 0.9999. Default: 0.99.</summary>
    [Parameter]
    [ValidateRange(HealthPolicy.MinConfidence, 0.9999)]
    public double Confidence { get; set; } = HealthPolicy.DefaultConfidence;

    /// <summary>The relative change (0.10 = 10% of the previous version's rate) a significant change needs to be Regressed or Improved. Default: 0.10.</summary>
    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double MinChange { get; set; } = HealthPolicy.DefaultMinChange;

    /// <summary>The newest dates of the window that are provisional: shown, but left out of the version test. 0 to 14, and less than -Days. Default: 1.</summary>
    [Parameter]
    [ValidateRange(0, HealthWindow.MaxDays - 1)]
    public int ProvisionalDays { get; set; } = HealthPolicy.DefaultProvisionalDays;

    /// <summary>The window's crashRate above this fraction (0.011 = 1.1%) makes the package unhealthy. Default: none.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? CrashRateThreshold { get; set; }

    /// <summary>The window's anrRate above this fraction makes the package unhealthy. Default: none.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? AnrRateThreshold { get; set; }

    /// <summary>The window's lmkRate above this fraction makes the package unhealthy. Default: none.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? LmkRateThreshold { get; set; }

    /// <summary>After every object is written, end with a terminating error (HealthCheckFailed) when any package is not healthy.</summary>
    [Parameter]
    public SwitchParameter FailOnRegression { get; set; }

    /// <summary>Write one flat AmazonVitals.HealthSummary row per package and measure, ready for Export-Csv, instead of the health object.</summary>
    [Parameter]
    public SwitchParameter AsSummary { get; set; }

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var settings = new HealthSettings
        {
            Days = Days,
            Top = Top,
            Policy = new HealthPolicy
            {
                MinDevices = MinDevices,
                Confidence = Confidence,
                MinChange = MinChange,
                ProvisionalDays = ProvisionalDays,
                CrashRateThreshold = CrashRateThreshold,
                AnrRateThreshold = AnrRateThreshold,
                LmkRateThreshold = LmkRateThreshold,
            },
        };
        var (report, data) = HealthCheck.Run(session, package, settings, work => Await(work));
        if (report.Stale)
            WriteWarning(report.Warnings[0]);
        object[] written = AsSummary ? HealthSummaryShaper.Shape(report) : new object[] { HealthShaper.Shape(report, data) };
        foreach (var obj in written)
            WriteObject(obj);
        if (!report.Healthy)
        {
            _failures.Add((package, report.Reasons));
            _unhealthy.AddRange(written);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // Only now, so every package of the pipeline was checked and written before the command fails.
        if (FailOnRegression && _failures.Count > 0)
        {
            ThrowTerminatingError(ErrorRecords.HealthCheckFailed(_failures, _unhealthy.ToArray()));
        }
    }
}
