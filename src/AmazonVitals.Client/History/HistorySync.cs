using System;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History;

/// <summary>
/// One sync of a package and set in progress: pages go in as they arrive (split by date into
/// staged partitions, a row group per page), and <see cref="CommitAsync"/> moves each whole
/// partition into place. Disposed before the commit, it leaves the dataset as it was.
/// </summary>
public abstract class HistorySync : IDisposable
{
    /// <summary>Rows taken so far.</summary>
    public long Rows { get; protected set; }

    /// <summary>Pages taken so far (each one request).</summary>
    public int Pages { get; protected set; }

    /// <summary>Splits a page's rows by date into the staged partitions.</summary>
    public abstract Task AddPageAsync(MetricPage page, CancellationToken cancellationToken);

    /// <summary>
    /// Finishes every staged partition and moves each into place: a date that was missing is
    /// added, a stored date whose rows changed is replaced (and logged), an unchanged one is left
    /// untouched. <paramref name="requests"/> is what the sync asked the server, for the summary.
    /// </summary>
    public abstract Task<HistorySyncResult> CommitAsync(int requests, CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
