using System.Management.Automation;
using AmazonVitals.Client;
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
        var firstRows = new FirstRowsWriter(WriteObject);
        if (OpenPagedOutput(() => QueryPlanner.Check(query), firstRows.Write) is not { } output)
            return;
        var plan = Await((trace, ct) => session.Client.PlanAsync(query, output.RowLimit, trace, ct));
        WriteVerbose(Describe(plan));
        var shaper = new MetricRowShaper(plan);
        if (shaper.FallbackReason is { } why)
            WriteVerbose(Messages.RowsArePSObjects(why));
        // Row classes are made ahead on a worker; PSObjects (no row class here) on the pipeline thread.
        using var source = new PageSource<MetricPage, object>(session.Client.OpenQuery(plan, Trace, Cancellation),
            page => shaper.FallbackReason is null ? Pages.RowsAhead<object>(page, shaper.Shape, Cancellation) : Pages.Rows<object>(page, shaper.Shape));
        firstRows.Open(sample => RowViews.ShowFor(this, shaper, sample));
        var rows = ForEachPage(source, PageProgress.ForQuery("Invoke-VitalsQuery " + plan.MetricSet + " for " + package), output.WantsMoreAfter, page =>
        {
            try
            {
                output.Write(page);
            }
            finally
            {
                // The rows held for the view are written by the end of the first page, also when a
                // later row of it fails; not once the pipeline is stopping.
                if (!Cancellation.IsCancellationRequested)
                    firstRows.Flush();
            }
        });
        // A query with no page at all never reached the flush above.
        firstRows.Flush();
        output.WriteTotalCount(rows, !source.HasMore);
        ExplainNoRows(session, plan, rows);
    }
}
