using System;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Model;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Get-VitalsIssue: the top crash or ANR issues of a window (issuesMetricSet), in the server's
/// ranking, each with its whole stack trace.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VitalsIssue", SupportsPaging = true)]
[OutputType(IssueShaper.TypeName)]
public sealed class GetVitalsIssueCommand : QueryCmdlet
{
    /// <summary>Crash (default) or Anr.</summary>
    [Parameter]
    [ValidateSet("Crash", "Anr", IgnoreCase = true)]
    public string ReportType { get; set; } = "Crash";

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var query = new IssueQuery(package, ParseEnum<ReportType>(ReportType))
        {
            Start = ToUtc(StartTime, "-StartTime", wholeDates: true),
            End = ToUtc(EndTime, "-EndTime", wholeDates: true, isEnd: true),
            Dimensions = Dimension ?? Array.Empty<string>(),
            Filter = ToFilter(Filter),
            PageSize = PageSize,
        };
        if (OpenPagedOutput(() => QueryPlanner.Check(query)) is not { } output)
            return;
        var plan = Await((trace, ct) => session.Client.PlanAsync(query, output.RowLimit, trace, ct));
        WriteVerbose(Messages.IssuesPlanned(ReportType, plan.PackageName, plan.Start, plan.End, plan.Schema.Dimensions.Count, plan.PageSize));
        var shaper = new IssueShaper(plan);
        using var source = new PageSource<IssuePage, object>(session.Client.OpenIssues(plan, Trace, Cancellation), page => Pages.Issues<object>(page, shaper.Shape));
        var rows = ForEachPage(source, PageProgress.ForQuery("Get-VitalsIssue " + ReportType + " for " + package), output.WantsMoreAfter, output.Write);
        output.WriteTotalCount(rows, !source.HasMore);
        ExplainNoRows(session, plan, rows);
    }
}
