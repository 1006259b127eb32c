using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Paging;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>Pure paging logic, with a fake fetch function in place of the network.</summary>
public sealed class PageReaderTests
{
    private static FakePage Page(string? next, string requestId = "rid") => new(next, requestId);

    /// <summary>A page with no rows of its own that counts how often it was dropped.</summary>
    private sealed class FakePage : IPage
    {
        public FakePage(string? next, string requestId)
        {
            NextPageToken = next;
            RequestId = requestId;
        }

        public string? NextPageToken { get; }
        public string? RequestId { get; }
        public int Count => 1;
        public int Drops { get; private set; }
        public void Dispose() => Drops++;
    }

    /// <summary>A fetch that serves pages by token and records every call.</summary>
    private sealed class FakeServer
    {
        private readonly Dictionary<string, FakePage> _pages;

        public FakeServer(params (string? Token, FakePage Page)[] pages) =>
            _pages = pages.ToDictionary(p => p.Token ?? "", p => p.Page);

        public ConcurrentQueue<string?> Calls { get; } = new();

        public Task<FakePage> Fetch(string? token, CancellationToken cancellationToken)
        {
            Calls.Enqueue(token);
            return Task.FromResult(_pages[token ?? ""]);
        }
    }

    [Fact]
    public async Task Follows_tokens_to_the_last_page()
    {
        var server = new FakeServer((null, Page("a", "p1")), ("a", Page("b", "p2")), ("b", Page(null, "p3")));
        using var reader = new PageReader<FakePage>(server.Fetch, CancellationToken.None);

        Assert.True(reader.HasMore);
        var ids = new List<string?>();
        while (await reader.ReadAsync() is { } page)
            ids.Add(page.RequestId);

        Assert.Equal(new[] { "p1", "p2", "p3" }, ids);
        Assert.Equal(new string?[] { null, "a", "b" }, server.Calls);
        Assert.Equal(3, reader.PagesRead);
        Assert.False(reader.HasMore);
        Assert.Null(await reader.ReadAsync());
        Assert.Equal(3, server.Calls.Count);
    }

    [Fact]
    public async Task A_page_is_dropped_when_the_next_is_read_and_the_last_when_the_reader_is_disposed()
    {
        var (p1, p2) = (Page("a", "p1"), Page(null, "p2"));
        var server = new FakeServer((null, p1), ("a", p2));
        var reader = new PageReader<FakePage>(server.Fetch, CancellationToken.None);

        Assert.Same(p1, await reader.ReadAsync());
        Assert.Equal(0, p1.Drops);
        Assert.Same(p2, await reader.ReadAsync());
        Assert.Equal(1, p1.Drops);
        Assert.Equal(0, p2.Drops);
        reader.Dispose();
        Assert.Equal(1, p2.Drops);
        Assert.Equal(1, p1.Drops);
    }

    [Fact]
    public async Task A_prefetched_page_nobody_reads_is_dropped_when_it_arrives_after_the_reader_is_disposed()
    {
        var (p1, p2) = (Page("a", "p1"), Page(null, "p2"));
        var arrive = new TaskCompletionSource<FakePage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new PageReader<FakePage>((token, _) =>
        {
            if (token is null)
                return Task.FromResult(p1);
            asked.SetResult(true);
            return arrive.Task;
        }, CancellationToken.None);

        Assert.Same(p1, await reader.ReadAsync());
        reader.Prefetch();
        // The request is out (a body may be on its way) when the consumer gives up.
        await asked.Task;
        reader.Dispose();
        Assert.Equal(1, p1.Drops);
        Assert.Equal(0, p2.Drops);
        arrive.SetResult(p2);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (p2.Drops == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10);
        Assert.Equal(1, p2.Drops);
    }

    [Fact]
    public async Task Empty_next_token_ends_the_query()
    {
        var server = new FakeServer((null, Page("")));
        using var reader = new PageReader<FakePage>(server.Fetch, CancellationToken.None);
        Assert.NotNull(await reader.ReadAsync());
        Assert.False(reader.HasMore);
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_repeated_token_throws_MalformedResponse()
    {
        var server = new FakeServer((null, Page("a")), ("a", Page("a", "rid-loop")));
        using var reader = new PageReader<FakePage>(server.Fetch, CancellationToken.None);
        await reader.ReadAsync();

        var e = await Assert.ThrowsAsync<MalformedResponseException>(() => reader.ReadAsync());
        Assert.Equal("MalformedResponse", e.ErrorId);
        Assert.Equal("rid-loop", e.RequestId);
        Assert.Contains("rid-loop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefetch_fetches_the_next_page_once()
    {
        var server = new FakeServer((null, Page("a", "p1")), ("a", Page("b", "p2")), ("b", Page(null, "p3")));
        using var reader = new PageReader<FakePage>(server.Fetch, CancellationToken.None);

        // Nothing to prefetch before the first page: the token is not known yet.
        reader.Prefetch();
        Assert.Empty(server.Calls);

        Assert.Equal("p1", (await reader.ReadAsync())!.RequestId);
        reader.Prefetch();
        reader.Prefetch();
        await WaitUntil(() => server.Calls.Count == 2);

        Assert.Equal("p2", (await reader.ReadAsync())!.RequestId);
        Assert.Equal(new string?[] { null, "a" }, server.Calls);

        reader.Prefetch();
        Assert.Equal("p3", (await reader.ReadAsync())!.RequestId);
        reader.Prefetch();
        Assert.Null(await reader.ReadAsync());
        await Task.Delay(50);
        Assert.Equal(new string?[] { null, "a", "b" }, server.Calls);
    }

    [Fact]
    public async Task Cancellation_of_the_caller_token_reaches_the_fetch()
    {
        using var cancel = new CancellationTokenSource();
        using var reader = new PageReader<FakePage>(async (token, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Page(null);
        }, cancel.Token);
        var read = reader.ReadAsync();
        cancel.CancelAfter(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }

    [Fact]
    public async Task Dispose_cancels_a_pending_prefetch_without_unobserved_exceptions()
    {
        var marker = "prefetch-marker-" + Guid.NewGuid().ToString("N");
        var unobserved = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message.Contains(marker, StringComparison.Ordinal)))
                unobserved.Enqueue(e.Exception);
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await StartPrefetchAndDisposeAsync(marker, cancelled);
            // The fetch saw the cancellation...
            Assert.True(await Task.WhenAny(cancelled.Task, Task.Delay(TimeSpan.FromSeconds(5))) == cancelled.Task, "the prefetch was not cancelled");
            await Task.Delay(100);

            // ...and the faulted prefetch nobody read is not reported as unobserved when collected.
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            Assert.Empty(unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    // Not inlined, so no reference to the reader or its tasks outlives this frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task StartPrefetchAndDisposeAsync(string marker, TaskCompletionSource<bool> cancelled)
    {
        var reader = new PageReader<FakePage>(async (token, ct) =>
        {
            if (token is null)
                return Page("a");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult(true);
            }
            // A fault, not a cancellation: only a fault can go unobserved.
            throw new InvalidOperationException(marker);
        }, CancellationToken.None);
        await reader.ReadAsync();
        reader.Prefetch();
        await Task.Delay(50);
        reader.Dispose();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
            await Task.Delay(20);
        Assert.True(condition());
    }
}
