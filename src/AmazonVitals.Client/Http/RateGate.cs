using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AmazonVitals.Client.Http;

/// <summary>
/// Never more than N requests in any rolling window of a second, for one client id, across the
/// whole process: every runspace, every ForEach-Object -Parallel worker and every session of that
/// client id waits at the same gate.
/// </summary>
/// <remarks>
/// A token bucket with a burst of N would let N+1 requests through in well under a second (a full
/// bucket plus one refill), so this is a sliding-window log: the send times of the last N
/// requests, and a new request waits until the oldest of them is a window old. The window is a
/// little longer than a second because the server counts arrival times, which jitter.
/// </remarks>
public sealed class RateGate
{
    /// <summary>Slack added to the second, so network jitter cannot squeeze N+1 arrivals into one server-side second.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(60);

    private static readonly ConcurrentDictionary<string, RateGate> s_gates = new(StringComparer.Ordinal);

    private readonly object _lock = new();
    private readonly Queue<long> _sent = new();
    private readonly TimeProvider _time;
    private readonly long _windowTicks;
    private int _limit;

    public RateGate(int requestsPerSecond, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _windowTicks = (long)((TimeSpan.FromSeconds(1) + Margin).TotalSeconds * _time.TimestampFrequency);
        Limit = requestsPerSecond;
    }

    /// <summary>
    /// The process-wide gate of a client id, made with <paramref name="initialLimit"/> if it is new.
    /// An existing gate keeps its limit: only a connect that succeeds changes it (for everyone),
    /// so a failed Connect-Vitals leaves the process as it was.
    /// </summary>
    public static RateGate For(string clientId, int initialLimit) =>
        s_gates.GetOrAdd(clientId, _ => new RateGate(initialLimit));

    /// <summary>Requests allowed per rolling second.</summary>
    public int Limit
    {
        get => Volatile.Read(ref _limit);
        set => Volatile.Write(ref _limit, value < 1 ? throw new ArgumentOutOfRangeException(nameof(value)) : value);
    }

    /// <summary>Waits until one more request may be sent, and counts it as sent.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                while (_sent.Count > 0 && now - _sent.Peek() >= _windowTicks)
                    _sent.Dequeue();
                if (_sent.Count < Limit)
                {
                    _sent.Enqueue(now);
                    return;
                }
                var oldest = _sent.Peek();
                wait = TimeSpan.FromSeconds((double)(oldest + _windowTicks - now) / _time.TimestampFrequency);
            }
            var delay = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
#if NET
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
#else
            await _time.Delay(delay, cancellationToken).ConfigureAwait(false);
#endif
        }
    }
}
