using System;
using System.Management.Automation;
using AmazonVitals.Client;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// How the page loop reports progress, with every activity id and status line in one place. A
/// query shows a bar only once it spans pages (one page is over before a bar could help); an
/// export always does, since its whole point is the long run.
/// </summary>
internal sealed class PageProgress
{
    private const int QueryActivityId = 0x5617;
    private const int ExportActivityId = 0x5618;
    private const int SyncActivityId = 0x5619;

    private readonly Func<int, long, string> _status;

    private PageProgress(int activityId, string activity, Func<int, long, string> status, bool everyPage)
    {
        Record = new ProgressRecord(activityId, activity, Messages.FirstPage());
        _status = status;
        EveryPage = everyPage;
    }

    public ProgressRecord Record { get; }
    /// <summary>Report even a query of one page.</summary>
    public bool EveryPage { get; }

    /// <summary>Invoke-VitalsQuery and Get-VitalsIssue: pages and rows read.</summary>
    public static PageProgress ForQuery(string activity) =>
        new(QueryActivityId, activity, (pages, rows) => Messages.PagesAndRows(pages, (ulong)rows), everyPage: false);

    /// <summary>Export-VitalsData: pages and rows written to the file.</summary>
    public static PageProgress ForExport(string activity, string path) =>
        new(ExportActivityId, activity, (pages, rows) => Messages.PagesAndRowsWritten(pages, rows, path), everyPage: true);

    /// <summary>Sync-VitalsHistory: pages and rows fetched into the history folder.</summary>
    public static PageProgress ForSync(string activity) =>
        new(SyncActivityId, activity, (pages, rows) => Messages.HistorySyncProgress(pages, rows), everyPage: true);

    // A record was handed out: the activity started, so it must be completed (a -First query can
    // show a bar after its one page, because more rows exist, and then stop reading).
    private bool _started;

    /// <summary>The record to write after a page, or null when this progress shows none yet.</summary>
    public ProgressRecord? After(int pages, long rows, bool hasMore)
    {
        if (!EveryPage && !hasMore && pages <= 1)
            return null;
        Record.StatusDescription = _status(pages, rows);
        _started = true;
        return Record;
    }

    /// <summary>The record that closes the bar, or null when none was shown (or it is closed already).</summary>
    public ProgressRecord? Completed()
    {
        if (!_started)
            return null;
        _started = false;
        Record.RecordType = ProgressRecordType.Completed;
        return Record;
    }
}
