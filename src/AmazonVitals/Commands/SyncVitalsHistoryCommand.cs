using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.History;
using AmazonVitals.Client.Model;
using AmazonVitals.Completion;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Sync-VitalsHistory: keeps every date the API still serves in a hive-partitioned Parquet
/// dataset, so history outlives the API's 30 days. Missing dates are fetched with one query per
/// package and set; the newest dates are fetched again, and a partition is rewritten only when
/// its rows changed.
/// </summary>
[Cmdlet(VerbsData.Sync, "VitalsHistory", SupportsShouldProcess = true)]
[OutputType(HistoryShaper.SyncTypeName)]
public sealed class SyncVitalsHistoryCommand : PackageCmdlet
{
    private HistoryStore? _store;

    /// <summary>The dataset's folder. Created if missing; one sync at a time may write it.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The metric sets to keep. Default: crashMetricSet, anrMetricSet and lmkMetricSet; any set the server knows works.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RateMetricSetCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] MetricSet { get; set; } = { "crashMetricSet", "anrMetricSet", "lmkMetricSet" };

    /// <summary>Daily (default: the API keeps 30 dates) or Hourly (15 dates). Each is kept apart in the dataset.</summary>
    [Parameter]
    [ValidateSet("Daily", "Hourly", IgnoreCase = true)]
    public string AggregationPeriod { get; set; } = "Daily";

    /// <summary>The dimensions of a first sync. Default: versionCode, deviceType, deviceModel and osVersion, where the server lists them. A later sync uses the stored ones and refuses others.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DimensionCompleter))]
    public string[]? Dimension { get; set; }

    /// <summary>The metrics of a first sync. Default: every metric of the set. A later sync uses the stored ones and refuses others.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricCompleter))]
    public string[]? Metric { get; set; }

    /// <summary>How many of the newest stored dates to fetch again, because late reports still change them (0 to 30, default 3).</summary>
    [Parameter]
    [ValidateRange(0, 30)]
    public int RefreshDays { get; set; } = 3;

    /// <summary>Also keep each date's top crash and ANR issues, with their traces, under metricSet=issuesMetricSet (Daily only).</summary>
    [Parameter]
    public SwitchParameter IncludeIssues { get; set; }

    /// <summary>With -IncludeIssues: the top issues kept per date and report type, 1 to 1000 (default 10).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Top { get; set; } = 10;

    /// <summary>Rows per request, 1 to 100000. Default: 100000, the fewest requests under the rate limit.</summary>
    [Parameter]
    public int? PageSize { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var path = FileTarget.ResolveFolder(this, Path, "-Path");
        try
        {
            _store = IsWhatIf ? HistoryStore.OpenToPlan(path) : HistoryStore.OpenForSync(path);
        }
        catch (VitalsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Path));
        }
    }

    private bool IsWhatIf =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) ? value is SwitchParameter { IsPresent: true }
        : SessionState.PSVariable.GetValue("WhatIfPreference") is bool or SwitchParameter && LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        foreach (var set in MetricSet)
        {
            try
            {
                SyncSet(session, package, set);
            }
            catch (VitalsException e)
            {
                // One set's failure leaves the others to sync; what it stored before stays whole.
                Fail(e, set);
            }
        }
        if (IncludeIssues)
        {
            try
            {
                SyncIssues(session, package);
            }
            catch (VitalsException e)
            {
                Fail(e, package);
            }
        }
    }

    /// <summary>-IncludeIssues: each date's top issues, a date at a time (a day's ranking takes its own queries).</summary>
    private void SyncIssues(VitalsSession session, string package)
    {
        var plan = Await((trace, ct) => _store!.PlanIssuesSyncAsync(session.Client, package, RefreshDays, Top, trace, ct));
        var line = Messages.HistorySyncPlanned(package, "issuesMetricSet", HistorySyncPlan.Dates(plan.Missing), HistorySyncPlan.Dates(plan.Refresh),
            plan.EstimatedRequests, (plan.Dates.Count * 2 * Top).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " or fewer");
        WriteVerbose(line);
        if (!ShouldProcess(_store!.Root + ": " + line, Messages.HistorySyncAction(package, "issuesMetricSet", "Daily")))
            return;
        WriteObject(HistoryShaper.Shape(Await((trace, ct) => _store.SyncIssuesAsync(session.Client, plan, trace, ct))));
    }

    private void SyncSet(VitalsSession session, string package, string set)
    {
        var period = ParseEnum<Client.Model.AggregationPeriod>(AggregationPeriod);
        var request = new HistorySyncRequest(package, set) { Period = period, Dimensions = Dimension, Metrics = Metric, RefreshDays = RefreshDays, PageSize = PageSize };
        var requests = 1; // the freshness answer, always asked afresh
        var plan = Await((trace, ct) => _store!.PlanSyncAsync(session.Client, request, trace, ct));
        var line = Messages.HistorySyncPlanned(package, plan.MetricSet, HistorySyncPlan.Dates(plan.Missing), HistorySyncPlan.Dates(plan.Refresh),
            plan.EstimatedRequests, plan.EstimatedRows is { } rows ? rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "?");
        WriteVerbose(line);
        if (!ShouldProcess(_store!.Root + ": " + line, Messages.HistorySyncAction(package, plan.MetricSet, AggregationPeriod)))
            return;
        using var sync = _store.StartSync(plan);
        if (plan.Query is { } query)
            requests += FetchPages(session, sync, query);
        var result = Await((_, ct) => sync.CommitAsync(requests, ct));
        WriteObject(HistoryShaper.Shape(result));
    }

    /// <summary>Streams the query's pages into the sync, a page at a time; returns the pages read.</summary>
    private int FetchPages(VitalsSession session, HistorySync sync, QueryPlan query)
    {
        var progress = PageProgress.ForSync("Sync-VitalsHistory " + query.MetricSet + " for " + query.PackageName);
        // The writer is faster than the rate limit lets pages come: one body at a time costs no time.
        using var reader = session.Client.OpenQuery(query, Trace, Cancellation, oneBodyAtATime: true);
        try
        {
            while (Await((_, _) => reader.ReadAsync()) is { } page)
            {
                reader.Prefetch();
                Await(async (_, ct) => { await sync.AddPageAsync(page, ct).ConfigureAwait(false); return true; });
                if (progress.After(sync.Pages, sync.Rows, reader.HasMore) is { } record)
                    ReportProgress(record);
            }
        }
        finally
        {
            if (!Cancellation.IsCancellationRequested && progress.Completed() is { } done)
                ReportProgress(done);
        }
        return reader.PagesRead;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _store?.Dispose();
        base.Dispose(disposing);
    }
}
