using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Health;
using AmazonVitals.Session;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The cmdlets that judge a package's release health (Get-VitalsHealth, Assert-VitalsHealth):
/// one set of judging parameters with one set of defaults, and one way to run the check, so the
/// gate and the report can never judge the same data differently.
/// </summary>
public abstract class HealthCmdlet : PackageCmdlet
{
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
    public double? CrashRateThreshold { get; set; }

    /// <summary>The window's anrRate above this fraction makes the package unhealthy. Default: none.</summary>
    [Parameter]
    public double? AnrRateThreshold { get; set; }

    /// <summary>The window's lmkRate above this fraction makes the package unhealthy. Default: none.</summary>
    [Parameter]
    public double? LmkRateThreshold { get; set; }

    /// <summary>A folder Sync-VitalsHistory keeps: each measure's trend (and so the report's charts) starts at its oldest stored date. The verdict still judges only what the API serves.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HistoryPath { get; set; }

    /// <inheritdoc />
    /// <remarks>
    /// The thresholds are checked here rather than with ValidateRange, whose generic range error
    /// would not say that they take a fraction (1.1 meant as 1.1% is the likely mistake).
    /// </remarks>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        CheckFraction(CrashRateThreshold, "-" + nameof(CrashRateThreshold));
        CheckFraction(AnrRateThreshold, "-" + nameof(AnrRateThreshold));
        CheckFraction(LmkRateThreshold, "-" + nameof(LmkRateThreshold));
    }

    private void CheckFraction(double? value, string parameter)
    {
        if (value is { } v && !(v >= 0.0 && v <= 1.0))
            ThrowTerminatingError(ErrorRecords.Create("RateThresholdNotAFraction", ErrorCategory.InvalidArgument, v, Messages.RateThresholdNotAFraction(parameter, v)));
    }

    /// <summary>Runs the check of one package with this command's parameters.</summary>
    private protected (HealthReport Report, HealthData Data) CheckHealth(VitalsSession session, string package)
    {
        var settings = new HealthSettings
        {
            Days = Days,
            Top = Top,
            HistoryPath = HistoryPath is null ? null : FileTarget.ResolveFolder(this, HistoryPath, "-HistoryPath"),
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
        return HealthCheck.Run(session, package, settings, work => Await(work));
    }
}
