using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Paging;

/// <summary>
/// Follows nextPageToken from the first page to the last, one page at a time. The caller may ask
/// for the next page to be fetched while it writes the current one's rows (<see cref="Prefetch"/>);
/// pages still arrive strictly in order, and a retried page resends its own token, so no row is
/// lost or repeated. A page is the caller's until the next read, which drops it
/// (<see cref="IDisposable.Dispose"/>), so its memory serves the pages to come; what the caller
/// took from it (a rate page's row reader, which owns its body) the caller disposes, before the
/// next read.
/// </summary>
public sealed class PageReader<TPage> : IDisposable where TPage : class, IPage
{
    private readonly Func<string?, CancellationToken, Task<TPage>> _fetch;
    private readonly CancellationTokenSource _cancel;
    private readonly HashSet<string> _seenTokens = new(StringComparer.Ordinal);
    private string? _nextToken;
    private bool _started;
    private bool _finished;
    private Task<TPage>? _pending;
    private TPage? _current;

    internal PageReader(Func<string?, CancellationToken, Task<TPage>> fetch, CancellationToken cancellationToken)
    {
        _fetch = fetch;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Pages read so far.</summary>
    public int PagesRead { get; private set; }

    /// <summary>False once the last page has been read.</summary>
    public bool HasMore => !_finished;

    /// <summary>
    /// The next page, or null after the last one. The page read before is dropped here: its rows
    /// must have been used by now, and its memory goes to the pages still to come.
    /// </summary>
    public async Task<TPage?> ReadAsync()
    {
        _current?.Dispose();
        _current = null;
        if (_finished)
            return null;
        var task = _pending ?? Start();
        _pending = null;
        var page = await task.ConfigureAwait(false);
        _current = page;
        _started = true;
        PagesRead++;
        _nextToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        // A server that hands back a token it gave before would page forever.
        if (_nextToken is not null && !_seenTokens.Add(_nextToken))
            throw new MalformedResponseException(Messages.RepeatedPageToken(page.RequestId), page.RequestId, isTransient: false);
        _finished = _nextToken is null;
        return page;
    }

    /// <summary>
    /// Reads every page for a caller that wants them all (the health check), the next page always
    /// on its way while <paramref name="onPage"/> handles this one. Cmdlets use their own loop
    /// (VitalsCmdlet.ForEachPage), because they must handle each page on the pipeline thread.
    /// </summary>
    public async Task ReadAllAsync(Action<TPage> onPage)
    {
        while (await ReadAsync().ConfigureAwait(false) is { } page)
        {
            Prefetch();
            onPage(page);
        }
    }

    /// <summary>Starts fetching the next page now, if there is one and it is not already on its way.</summary>
    public void Prefetch()
    {
        if (_started && !_finished && _pending is null)
            _pending = Start();
    }

    // Off the caller's thread: HTTP work never runs on PowerShell's pipeline thread or its context.
    private Task<TPage> Start()
    {
        var token = _nextToken;
        return Task.Run(() => _fetch(token, _cancel.Token), _cancel.Token);
    }

    public void Dispose()
    {
        // Cancel first: a prefetch waiting for this page's body array must not take it and read on.
        _cancel.Cancel();
        _current?.Dispose();
        _current = null;
        // A prefetch nobody will read is dropped when it arrives (its body goes back), and its
        // failure must not surface as an unobserved task exception.
        _pending?.ContinueWith(static t =>
        {
            if (t.Status == TaskStatus.RanToCompletion)
                t.Result.Dispose();
            else
                _ = t.Exception;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _pending = null;
        _cancel.Dispose();
    }
}
