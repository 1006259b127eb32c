using System.Collections.Generic;
using System.Management.Automation;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Get-VitalsHealth: a release check of one package. Crash, ANR and LMK rates over the latest
/// days against the days before, the newest version against the one before it per device on the
/// days and device models they share, its new and regressed crash and ANR issues, and a Healthy
/// verdict with its reasons. Five requests per package, and three freshness requests when they
/// are not cached.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VitalsHealth")]
[OutputType(typeof(Health))]
[OutputType(HealthSummaryShaper.TypeName)]
public sealed class GetVitalsHealthCommand : HealthCmdlet
{
    private readonly List<(string Package, IReadOnlyList<string> Reasons)> _failures = new();
    private readonly List<object> _unhealthy = new();

    /// <summary>After every object is written, end with a terminating error (HealthCheckFailed) when any package is not healthy.</summary>
    [Parameter]
    public SwitchParameter FailOnRegression { get; set; }

    /// <summary>Write one flat AmazonVitals.HealthSummary row per package and measure, ready for Export-Csv, instead of the health object.</summary>
    [Parameter]
    public SwitchParameter AsSummary { get; set; }

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var (report, data) = CheckHealth(session, package);
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
