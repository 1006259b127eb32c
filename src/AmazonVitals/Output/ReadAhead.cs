using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace AmazonVitals.Output;

/// <summary>A page's items, one at a time, and whatever making them holds until the page is done.</summary>
internal interface IPageItems<out TItem> : IDisposable
{
    /// <summary>The next item; at most the page's count of calls.</summary>
    TItem Next();
}

/// <summary>Items made on the pipeline thread as they are asked for.</summary>
internal sealed class PageItems<TItem> : IPageItems<TItem>
{
    private readonly Func<TItem> _make;

    public PageItems(Func<TItem> make) => _make = make;

    public TItem Next() => _make();

    public void Dispose() { }
}

/// <summary>
/// Items made on a worker thread a few chunks ahead of the pipeline thread that writes them. On the
/// pipeline thread, each row costs its WriteObject and whatever consumes it (Export-Csv, mostly);
/// reading the row from the page's bytes and making its object is as much again, and here runs
/// on the other core. At most <see cref="Chunks"/> chunks of <see cref="ChunkSize"/> rows wait,
/// so a page is never held as objects. Only for row classes: making PSObjects wants the pipeline
/// thread's runspace.
/// </summary>
internal sealed class ReadAhead<TItem> : IPageItems<TItem>
{
    private const int ChunkSize = 512;
    private const int Chunks = 8;
    private readonly BlockingCollection<TItem[]> _ready = new(new ConcurrentQueue<TItem[]>(), Chunks);
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _stopping;
    private readonly Task _worker;
    private TItem[] _chunk = Array.Empty<TItem>();
    private int _next;

    /// <param name="count">The items the page has: the worker makes exactly these, and never touches the page after the last.</param>
    /// <param name="make">Makes the next item; called on the worker thread only.</param>
    /// <param name="stopping">The command's cancellation (Ctrl+C).</param>
    public ReadAhead(int count, Func<TItem> make, CancellationToken stopping)
    {
        _stopping = stopping;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _worker = Task.Run(() => Produce(count, make));
    }

    private void Produce(int count, Func<TItem> make)
    {
        try
        {
            for (var made = 0; made < count;)
            {
                var chunk = new TItem[Math.Min(ChunkSize, count - made)];
                for (var i = 0; i < chunk.Length; i++)
                    chunk[i] = make();
                made += chunk.Length;
                _ready.Add(chunk, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The page was abandoned (-First met, Ctrl+C, an error downstream).
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    public TItem Next()
    {
        if (_next == _chunk.Length)
        {
            TItem[]? chunk;
            try
            {
                if (!_ready.TryTake(out chunk, Timeout.Infinite, _stopping))
                    chunk = null;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            if (chunk is null)
            {
                // The worker ended before the page did: it failed, and its exception says why.
                _worker.Wait(TimeSpan.FromSeconds(5));
                if (_worker.Exception?.InnerException is { } failure)
                    ExceptionDispatchInfo.Capture(failure).Throw();
                throw new InvalidOperationException("No row is left in the page.");
            }
            _chunk = chunk;
            _next = 0;
        }
        return _chunk[_next++];
    }

    /// <summary>Stops the worker and waits for it: the page's bytes may be reused only once it is gone.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _worker.Wait();
        }
        catch (AggregateException)
        {
            // Already surfaced by Next, or of no interest now that the page is abandoned.
        }
        _ready.Dispose();
        _stop.Dispose();
    }
}
