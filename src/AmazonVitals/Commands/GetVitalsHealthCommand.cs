using System.Collections.Generic;
using System.Management.Automation;
using AmazonVitals.Client.Health;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Get-VitalsHealth: a release check of one package. Crash, ANR and LMK rates over the latest
/// days against the days before, the newest version against the one before it, the top crash and
/// ANR issues, and a Healthy verdict with its reasons. Five requests per package, plus the three
/// rate sets' freshness when it is not cached, started together.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VitalsHealth")]
[OutputType(HealthShaper.TypeName)]
public sealed class GetVitalsHealthCommand : PackageCmdlet
{
    private readonly List<(string Package, IReadOnlyList<string> Reasons)> _failures = new();
    private readonly List<PSObject> _unhealthy = new();

    /// <summary>Days in the window, which ends at the latest Daily data; the baseline is the same number of days before it. 1 to 15. Default: 7.</summary>
    [Parameter]
    [ValidateRange(1, HealthWindow.MaxDays)]
    public int Days { get; set; } = HealthWindow.DefaultDays;

    /// <summary>Top crash and top ANR issues to include, 0 to 100 (0: none, and two requests fewer). Default: 5.</summary>
    [Parameter]
    [ValidateRange(0, HealthFetcher.MaxTop)]
    public int Top { get; set; } = HealthFetcher.DefaultTop;

    /// <summary>The mean daily distinctDevices a version needs over the window to be compared. Default: 1000.</summary>
    [Parameter]
    [ValidateRange(0L, long.MaxValue)]
    public long MinDevices { get; set; } = HealthPolicy.DefaultMinDevices;

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

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var data = Await((trace, ct) => session.Client.FetchHealthAsync(package, Days, Top, trace, ct));
        var report = HealthEvaluator.Evaluate(data, new HealthPolicy
        {
            MinDevices = MinDevices,
            CrashRateThreshold = CrashRateThreshold,
            AnrRateThreshold = AnrRateThreshold,
            LmkRateThreshold = LmkRateThreshold,
        });
        var health = HealthShaper.Shape(report, data, MinDevices);
        WriteObject(health);
        if (!report.Healthy)
        {
            _failures.Add((package, report.Reasons));
            _unhealthy.Add(health);
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
