using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace AmazonVitals.Output;

/// <summary>A page's items, one at a time; disposing it disposes what they are made from (a page's rows, which own its body).</summary>
internal interface IPageItems<out TItem> : IDisposable
{
    /// <summary>The next item; at most the page's count of calls.</summary>
    TItem Next();
}

/// <summary>Items made on the pipeline thread as they are asked for.</summary>
internal sealed class PageItems<TItem> : IPageItems<TItem>
{
    private readonly Func<TItem> _make;
    private readonly IDisposable? _source;

    /// <param name="make">Makes the next item.</param>
    /// <param name="source">What the items are made from, disposed with these items.</param>
    public PageItems(Func<TItem> make, IDisposable? source = null)
    {
        _make = make;
        _source = source;
    }

    public TItem Next() => _make();

    public void Dispose() => _source?.Dispose();
}

/// <summary>
/// Items made on a worker thread a few chunks ahead of the pipeline thread that writes them. On the
/// pipeline thread, each row costs its WriteObject and whatever consumes it (Export-Csv, mostly);
/// reading the row from the page's bytes and making its object is as much again, and here runs
/// on the other core. At most <see cref="Chunks"/> chunks of <see cref="ChunkSize"/> rows wait,
/// so a page is never held as objects. Only for row classes: making PSObjects wants the pipeline
/// thread's runspace.
/// </summary>
/// <remarks>
/// Few rows wait: a row alive at a garbage collection is copied to an older generation, so many
/// rows ahead mean many rows promoted and collected again in gen1 and gen2; with a few hundred,
/// hardly more than for objects made on the pipeline thread. The worker is faster than the
/// pipeline, so it sleeps when the chunks are full and is woken only when one is left: waking it
/// for every chunk (BlockingCollection, which also spins before it sleeps) spends CPU on every
/// chunk for no row sooner.
/// </remarks>
internal sealed class ReadAhead<TItem> : IPageItems<TItem>
{
    private const int ChunkSize = 128;
    private const int Chunks = 4;
    private const int WakeAt = 1;
    private readonly object _gate = new();
    private readonly Queue<TItem[]> _ready = new(Chunks);
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenRegistration _onStop;
    private readonly Task _worker;
    private bool _abandoned;
    private bool _workerWaits;
    private bool _pipelineWaits;
    // Set by the worker as it ends, done or failed (under the lock).
    private bool _done;
    private TItem[] _chunk = Array.Empty<TItem>();
    private int _next;

    /// <param name="count">The items the page has: the worker makes exactly these.</param>
    /// <param name="make">Makes the next item; called on the worker thread only.</param>
    /// <param name="source">What the items are made from (a page's rows): the worker disposes it
    /// when it has made the last item, or stops, so it is never touched after.</param>
    /// <param name="stopping">The command's cancellation (Ctrl+C).</param>
    public ReadAhead(int count, Func<TItem> make, IDisposable source, CancellationToken stopping)
    {
        _stopping = stopping;
        _onStop = stopping.Register(Abandon);
        _worker = Task.Run(() => Produce(count, make, source));
    }

    private void Produce(int count, Func<TItem> make, IDisposable source)
    {
        try
        {
            MakeChunks(count, make);
        }
        finally
        {
            // The rows (and the page's body they own) are the worker's alone: done with here,
            // on its own thread, and nothing else needs to wait for it to give them back.
            source.Dispose();
            // Done or failed: a waiting pipeline thread looks again, and sees the flag at once
            // (the task itself counts as completed only after this block).
            lock (_gate)
            {
                _done = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void MakeChunks(int count, Func<TItem> make)
    {
        for (var made = 0; made < count;)
        {
            var chunk = new TItem[Math.Min(ChunkSize, count - made)];
            for (var i = 0; i < chunk.Length; i++)
                chunk[i] = make();
            made += chunk.Length;
            lock (_gate)
            {
                while (_ready.Count == Chunks && !_abandoned)
                {
                    _workerWaits = true;
                    Monitor.Wait(_gate);
                }
                _workerWaits = false;
                if (_abandoned)
                    return;
                _ready.Enqueue(chunk);
                if (_pipelineWaits)
                    Monitor.PulseAll(_gate);
            }
        }
    }

    public TItem Next()
    {
        if (_next == _chunk.Length)
        {
            _chunk = Take();
            _next = 0;
        }
        return _chunk[_next++];
    }

    private TItem[] Take()
    {
        lock (_gate)
        {
            while (_ready.Count == 0)
            {
                if (_stopping.IsCancellationRequested)
                    throw new PipelineStoppedException();
                if (_done)
                    break;
                _pipelineWaits = true;
                // The worker pulses when it adds a chunk or ends; the timeout is only a backstop.
                Monitor.Wait(_gate, 100);
            }
            _pipelineWaits = false;
            if (_ready.Count > 0)
            {
                var chunk = _ready.Dequeue();
                if (_workerWaits && _ready.Count <= WakeAt)
                    Monitor.PulseAll(_gate);
                return chunk;
            }
        }
        // The worker ended before the page did: it failed, and its exception says why. It has
        // left its finally block, so this wait is for the task to be marked, no more.
        try
        {
            _worker.Wait();
        }
        catch (AggregateException e) when (e.InnerException is { } failure)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
        throw new InvalidOperationException("No row is left in the page.");
    }

    private void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Stops the worker and waits for it, so no worker outlives its page's command.</summary>
    public void Dispose()
    {
        Abandon();
        try
        {
            _worker.Wait();
        }
        catch (AggregateException)
        {
            // Already surfaced by Next, or of no interest now that the page is abandoned.
        }
        _onStop.Dispose();
    }
}
