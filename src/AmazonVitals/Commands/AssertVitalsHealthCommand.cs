using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Health;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Assert-VitalsHealth: the release gate a pipeline step or a runbook branches on. It judges
/// each package as Get-VitalsHealth does and, once every package is judged, ends with a
/// terminating HealthGateFailed error when any measure Regressed or a rate is above its
/// threshold. Data it cannot vouch for (a stalled feed, a measure not served, a server it cannot
/// reach) is a warning, never a failure: a gate that fails on an outage teaches people to
/// bypass it. -Advisory turns every failure into a warning.
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "VitalsHealth")]
[OutputType(typeof(Health))]
public sealed class AssertVitalsHealthCommand : HealthCmdlet
{
    private readonly List<(string Package, IReadOnlyList<string> Reasons)> _failures = new();
    private readonly List<object> _failed = new();

    /// <summary>Report as the gate would, but never fail: a failure, and any error from the API, becomes a warning.</summary>
    [Parameter]
    public SwitchParameter Advisory { get; set; }

    /// <summary>Write each package's AmazonVitals.Health object. Default: nothing is written to the output; the verdict is an information line, and a failure is the terminating error.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        HealthReport report;
        HealthData data;
        try
        {
            (report, data) = CheckHealth(session, package);
        }
        catch (VitalsException e) when (Advisory || IsUnreachable(e))
        {
            FlushTrace();
            WriteWarning(Messages.GateNotJudged(package, e.Message));
            return;
        }
        foreach (var warning in report.Warnings)
            WriteWarning(warning);
        foreach (var measure in report.Measures.Where(m => m.Verdict == HealthVerdict.NotAvailable))
            WriteWarning(Messages.GateMeasureNotAvailable(package, measure));
        var health = HealthShaper.Shape(report, data);
        if (report.Failures.Count == 0)
        {
            Say(Messages.GatePassed(report));
        }
        else
        {
            Say(Messages.GateFailedLine(report));
            if (Advisory)
                WriteWarning(Messages.GateAdvisory(package, report.Failures));
            else
            {
                _failures.Add((package, report.Failures));
                _failed.Add(health);
            }
        }
        if (PassThru)
            WriteObject(health);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // Only now, so every package of the pipeline is judged and said before the gate fails.
        if (_failures.Count > 0)
            ThrowTerminatingError(ErrorRecords.HealthGateFailed(_failures, _failed.ToArray()));
    }

    /// <summary>The server could not be reached or did not answer in time: an outage, not a verdict.</summary>
    private static bool IsUnreachable(VitalsException e) => e.Kind is VitalsErrorKind.Connection or VitalsErrorKind.Timeout
        or VitalsErrorKind.Unavailable or VitalsErrorKind.LimitsExceeded or VitalsErrorKind.MalformedResponse;

    /// <summary>The verdict line: shown on the host like Write-Host, and kept in the information stream (6>) of a job or runbook.</summary>
    private void Say(string line) =>
        WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST", "AmazonVitals.Gate" });
}
