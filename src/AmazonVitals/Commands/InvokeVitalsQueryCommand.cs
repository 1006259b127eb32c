using System.Management.Automation;
using AmazonVitals.Client.Model;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Invoke-VitalsQuery: rows of a rate metric set (crash, ANR, LMK, or any set the server knows),
/// one flat AmazonVitals.MetricRow per row, written page by page as pages arrive.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VitalsQuery", SupportsPaging = true)]
[OutputType(MetricRowShaper.TypeName)]
public sealed class InvokeVitalsQueryCommand : MetricQueryCmdlet
{
    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var query = BuildQuery(package);
        var plan = Await((trace, ct) => session.Client.PlanAsync(query, RowLimit(), trace, ct));
        WriteVerbose(Describe(plan));
        var shaper = new MetricRowShaper(plan);
        using var source = new PageSource<MetricPage, MetricRow>(session.Client.OpenQuery(plan, Trace, Cancellation), page => page.Rows, row => shaper.Shape(row));
        WritePages(source, "Invoke-VitalsQuery " + plan.MetricSet + " for " + package);
    }
}
