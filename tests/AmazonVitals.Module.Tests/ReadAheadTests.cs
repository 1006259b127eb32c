using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Output;
using Xunit;

namespace AmazonVitals.Module.Tests;

/// <summary>
/// The read-ahead protocol as PageSource and the cmdlets rely on it: every item once and in order,
/// made on a worker a bounded distance ahead, a stop (Ctrl+C) ending both sides, a failure of the
/// worker coming out of Next as itself, and Dispose returning only once the worker can no longer
/// touch the page (its bytes are reused after).
/// </summary>
public sealed class ReadAheadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(5000)]
    public void Gives_every_item_once_in_order_and_makes_no_more_than_the_page_has(int count)
    {
        var made = 0;
        using (var items = new ReadAhead<int>(count, () => Interlocked.Increment(ref made) - 1, new Source(), CancellationToken.None))
        {
            for (var i = 0; i < count; i++)
                Assert.Equal(i, items.Next());
        }
        Assert.Equal(count, Volatile.Read(ref made));
    }

    [Fact]
    public void Asking_past_the_page_is_refused()
    {
        using var items = new ReadAhead<int>(2, () => 7, new Source(), CancellationToken.None);
        items.Next();
        items.Next();
        Assert.Throws<InvalidOperationException>(() => items.Next());
    }

    [Fact]
    public void Makes_items_on_another_thread_than_the_one_that_takes_them()
    {
        var pipeline = Environment.CurrentManagedThreadId;
        using var items = new ReadAhead<int>(3, () => Environment.CurrentManagedThreadId, new Source(), CancellationToken.None);
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(pipeline, items.Next());
    }

    [Fact]
    public void Runs_ahead_of_a_slow_reader_but_only_a_few_chunks()
    {
        var made = 0;
        using var items = new ReadAhead<int>(100_000, () => Interlocked.Increment(ref made), new Source(), CancellationToken.None);
        var ahead = SettledCount(() => Volatile.Read(ref made));
        // Ahead: more than one chunk is made before any is taken. Bounded: the waiting chunks and
        // the one being made, a few hundred rows, never the page.
        Assert.InRange(ahead, 129, 5 * 128);
        items.Next();
        items.Next();
        Assert.InRange(SettledCount(() => Volatile.Read(ref made)), ahead, 6 * 128);
    }

    [Fact]
    public void A_failure_of_the_worker_comes_out_of_Next_as_itself_after_the_items_made_before_it()
    {
        var boom = new InvalidOperationException("boom");
        var made = 0;
        using var items = new ReadAhead<int>(1000, () => made++ == 200 ? throw boom : made - 1, new Source(), CancellationToken.None);
        var taken = 0;
        void TakeAll()
        {
            while (true)
            {
                Assert.Equal(taken, items.Next());
                taken++;
            }
        }
        var thrown = Assert.Throws<InvalidOperationException>(TakeAll);
        Assert.Same(boom, thrown);
        // Items come in chunks of 128: the chunk that failed is never handed out, the one before it is.
        Assert.Equal(128, taken);
    }

    [Fact]
    public void Dispose_after_a_failure_does_not_throw()
    {
        var items = new ReadAhead<int>(10, () => throw new FormatException("bad"), new Source(), CancellationToken.None);
        Assert.Throws<FormatException>(() => items.Next());
        items.Dispose();
    }

    [Fact]
    public async Task A_stop_while_the_reader_waits_is_a_PipelineStoppedException()
    {
        using var stop = new CancellationTokenSource();
        using var gate = new ManualResetEventSlim(false);
        using var items = new ReadAhead<int>(10, () => { gate.Wait(Patience); return 1; }, new Source(), stop.Token);
        var waiting = Task.Run(() => items.Next());
        Assert.False(await Ends(waiting, TimeSpan.FromMilliseconds(200)), "Next waits for an item");
        stop.Cancel();
        await Assert.ThrowsAsync<PipelineStoppedException>(() => waiting.WaitAsync(Patience));
        gate.Set();
    }

    [Fact]
    public async Task A_stop_ends_a_worker_that_waits_for_room()
    {
        using var stop = new CancellationTokenSource();
        var made = 0;
        var items = new ReadAhead<int>(100_000, () => Interlocked.Increment(ref made), new Source(), stop.Token);
        var ahead = SettledCount(() => Volatile.Read(ref made));
        stop.Cancel();
        var disposed = Task.Run(items.Dispose);
        Assert.True(await Ends(disposed, Patience), "the stopped worker ends, so Dispose returns");
        Assert.Equal(ahead, Volatile.Read(ref made));
    }

    [Fact]
    public async Task Dispose_returns_only_once_the_worker_is_out_of_the_page()
    {
        using var inside = new ManualResetEventSlim(false);
        using var leave = new ManualResetEventSlim(false);
        var made = 0;
        var items = new ReadAhead<int>(1000, () =>
        {
            if (Interlocked.Increment(ref made) == 10)
            {
                inside.Set();
                leave.Wait(Patience);
            }
            return made;
        }, new Source(), CancellationToken.None);
        Assert.True(inside.Wait(Patience));
        var disposed = Task.Run(items.Dispose);
        Assert.False(await Ends(disposed, TimeSpan.FromMilliseconds(300)), "Dispose waits while the worker is reading the page");
        leave.Set();
        Assert.True(await Ends(disposed, Patience));
        // Gone for good: the page may now be released and its bytes reused.
        var after = Volatile.Read(ref made);
        Thread.Sleep(100);
        Assert.Equal(after, Volatile.Read(ref made));
        Assert.True(after < 1000, "the abandoned page was not read to its end");
    }

    [Fact]
    public void Dispose_mid_page_stops_the_worker_and_takes_no_more_items()
    {
        var made = 0;
        var items = new ReadAhead<int>(100_000, () => Interlocked.Increment(ref made), new Source(), CancellationToken.None);
        for (var i = 0; i < 10; i++)
            items.Next();
        items.Dispose();
        var after = Volatile.Read(ref made);
        Thread.Sleep(100);
        Assert.Equal(after, Volatile.Read(ref made));
        Assert.True(after < 100_000);
    }

    [Fact]
    public void The_worker_disposes_the_rows_after_the_last_item_and_when_stopped_mid_page()
    {
        var whole = new Source();
        using (var items = new ReadAhead<int>(50, () => 1, whole, CancellationToken.None))
        {
            for (var i = 0; i < 50; i++)
                items.Next();
            Assert.True(whole.Disposed.Wait(Patience), "the rows go back after the last item, before the page is left");
        }
        var cut = new Source();
        var made = 0;
        var stopped = new ReadAhead<int>(100_000, () => Interlocked.Increment(ref made), cut, CancellationToken.None);
        stopped.Next();
        stopped.Dispose();
        Assert.True(cut.Disposed.IsSet, "a page left mid-way gives its rows back by the time Dispose returns");
        Assert.Equal(1, cut.Count);
    }

    /// <summary>What items are made from (a page's rows), counting its disposals.</summary>
    private sealed class Source : IDisposable
    {
        private int _count;
        public ManualResetEventSlim Disposed { get; } = new(false);
        public int Count => Volatile.Read(ref _count);
        public void Dispose()
        {
            Interlocked.Increment(ref _count);
            Disposed.Set();
        }
    }

    [Fact]
    public void PageItems_makes_each_item_on_the_calling_thread_as_it_is_asked_for()
    {
        var made = 0;
        using var items = new PageItems<int>(() => ++made);
        Assert.Equal(0, made);
        Assert.Equal(1, items.Next());
        Assert.Equal(2, items.Next());
        Assert.Equal(2, made);
    }

    private static async Task<bool> Ends(Task task, TimeSpan within) => await Task.WhenAny(task, Task.Delay(within)) == task;

    /// <summary>The value once it has stopped changing for a while (the worker waits), within the test's patience.</summary>
    private static int SettledCount(Func<int> read)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = read();
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            var now = read();
            if (now == last)
                return now;
            last = now;
        }
        return last;
    }
}
