using System;
using System.Collections.Generic;

namespace AmazonVitals.Emulator;

/// <summary>
/// Rolling one-second window per client id: a request is accepted only if fewer than the limit were
/// accepted in the last 1000 ms. Refused requests do not count, matching how a client that waits
/// and retries would be treated.
/// </summary>
/// <remarks>
/// The window is read from a <see cref="TimeProvider"/> so that a test can move time itself: on a
/// busy machine four requests sent back to back can take more than a second to arrive.
/// </remarks>
public sealed class RateLimiter(TimeProvider clock)
{
    private readonly long _window = clock.TimestampFrequency;
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<long>> _accepted = new(StringComparer.Ordinal);

    /// <summary>True when the request may proceed; limit 0 or less turns limiting off.</summary>
    public bool TryAccept(string clientId, int limit)
    {
        if (limit <= 0)
        {
            return true;
        }

        var now = clock.GetTimestamp();
        lock (_gate)
        {
            if (!_accepted.TryGetValue(clientId, out var times))
            {
                times = new Queue<long>();
                _accepted[clientId] = times;
            }

            while (times.Count > 0 && now - times.Peek() >= _window)
            {
                times.Dequeue();
            }

            if (times.Count >= limit)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _accepted.Clear();
        }
    }
}
