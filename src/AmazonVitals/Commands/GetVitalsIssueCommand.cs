using System;
using System.Collections;
using System.Management.Automation;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Completion;
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
    /// <summary>The app's package name. Takes pipeline input by value and by property name. Default: the session's package.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PackageNameCompleter))]
    public string? PackageName { get; set; }

    /// <summary>Crash (default) or Anr.</summary>
    [Parameter]
    [ValidateSet("Crash", "Anr", IgnoreCase = true)]
    public string ReportType { get; set; } = "Crash";

    /// <summary>Inclusive start (a bare date is that UTC date). Default: 7 days before the end.</summary>
    [Parameter]
    public DateTime? StartTime { get; set; }

    /// <summary>Exclusive end. Default: the end of the latest Daily data.</summary>
    [Parameter]
    public DateTime? EndTime { get; set; }

    /// <summary>Dimensions to split each issue by, up to 5.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DimensionCompleter))]
    public string[]? Dimension { get; set; }

    /// <summary>Allowed values per dimension: @{ countryCode = 'US','CA' }.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    /// <summary>Issues per request, 1 to 100000. Default: 50000 (or -First, when smaller).</summary>
    [Parameter]
    public int? PageSize { get; set; }

    /// <summary>The session to use. Default: the one Connect-Vitals made.</summary>
    [Parameter]
    public VitalsSession? Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession(Session);
        var package = ResolvePackage(PackageName, session);
        var query = new IssueQuery(package, ParseEnum<ReportType>(ReportType))
        {
            Start = ToUtc(StartTime),
            End = ToUtc(EndTime),
            Dimensions = Dimension ?? Array.Empty<string>(),
            Filter = ToFilter(Filter),
            PageSize = PageSize,
        };
        try
        {
            var plan = Await((trace, ct) => session.Client.PlanAsync(query, RowLimit(), trace, ct));
            var shaper = new IssueShaper(plan);
            using var source = new PageSource<IssuePage, IssueRow>(session.Client.OpenIssues(plan, Trace, Cancellation), page => page.Rows, shaper.Shape);
            WritePages(source, "Get-VitalsIssue " + ReportType + " for " + package);
        }
        catch (VitalsException e)
        {
            Fail(e, package);
        }
    }
}
