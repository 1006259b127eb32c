using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Http;
using Xunit;

namespace AmazonVitals.Tests.Client;

[Collection(TimingCollection.Name)]
public sealed class RateGateTests
{
    // The gate's window is 1 s + 60 ms; 950 ms leaves room for timer and clock granularity only.
    private static readonly TimeSpan MinimumSpread = TimeSpan.FromMilliseconds(950);

    private static void AssertNoFourInASecond(long[] stamps)
    {
        Array.Sort(stamps);
        for (var i = 0; i + 3 < stamps.Length; i++)
        {
            var spread = Stopwatch.GetElapsedTime(stamps[i], stamps[i + 3]);
            Assert.True(spread >= MinimumSpread, $"acquisitions {i} and {i + 3} were only {spread.TotalMilliseconds:0} ms apart");
        }
    }

    [Fact]
    public async Task Limit_3_lets_no_4_acquisitions_into_one_second()
    {
        var gate = new RateGate(3);
        var stamps = new long[10];
        for (var i = 0; i < stamps.Length; i++)
        {
            await gate.WaitAsync(CancellationToken.None);
            stamps[i] = Stopwatch.GetTimestamp();
        }

        AssertNoFourInASecond(stamps);
        // The first three go straight through: the gate is a window, not a fixed pace.
        Assert.True(Stopwatch.GetElapsedTime(stamps[0], stamps[2]) < TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Concurrent_waiters_share_the_limit()
    {
        var gate = new RateGate(3);
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 7).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            await gate.WaitAsync(CancellationToken.None);
            return Stopwatch.GetTimestamp();
        })).ToArray();
        start.Set();
        var stamps = await Task.WhenAll(tasks);
        AssertNoFourInASecond(stamps);
    }

    [Fact]
    public async Task Cancelling_a_waiting_acquisition_throws_promptly()
    {
        var clock = new ManualClock();
        var gate = new RateGate(1, clock);
        await gate.WaitAsync(CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var waiting = gate.WaitAsync(cancel.Token);
        Assert.False(waiting.IsCompleted);
        cancel.Cancel();

        // The clock never moves, so only the token can end the wait: a gate that looked at the
        // token only when its window ran out would still be waiting when the 30 s run out.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_use_up_a_slot()
    {
        var clock = new ManualClock();
        var gate = new RateGate(1, clock);
        var window = TimeSpan.FromSeconds(1) + RateGate.Margin;
        await gate.WaitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        using (var cancel = new CancellationTokenSource())
        {
            var cancelled = gate.WaitAsync(cancel.Token);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var next = gate.WaitAsync(CancellationToken.None);
        clock.Advance(window - TimeSpan.FromMilliseconds(501));
        Assert.False(next.IsCompleted, "the next acquisition came inside the first one's window");
        // One window after the first acquisition, not after the cancelled one (at 500 ms).
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Already_cancelled_token_throws_when_it_must_wait()
    {
        var gate = new RateGate(1);
        await gate.WaitAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.WaitAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public void For_the_same_client_id_is_the_same_gate()
    {
        var id = "rate-gate-tests-" + Guid.NewGuid().ToString("N");
        var a = RateGate.For(id, 3);
        var b = RateGate.For(id, 3);
        Assert.Same(a, b);
        Assert.NotSame(a, RateGate.For(id + "-other", 3));

        // Asking for the gate again does not change its limit: only a connect that succeeds does
        // (VitalsClient.ConnectAsync), so a failed Connect-Vitals leaves the process as it was.
        RateGate.For(id, 5);
        Assert.Equal(3, a.Limit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Limit_below_1_is_refused(int limit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateGate(limit));
        var gate = new RateGate(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => gate.Limit = limit);
        Assert.Equal(2, gate.Limit);
    }
}
