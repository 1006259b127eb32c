using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace AmazonVitals.Emulator;

/// <summary>
/// Rolling one-second window per client id: a request is accepted only if fewer than the limit were
/// accepted in the last 1000 ms. Refused requests do not count, matching how a client that waits
/// and retries would be treated.
/// </summary>
public sealed class RateLimiter
{
    private static readonly long Window = Stopwatch.Frequency;

    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<long>> _accepted = new(StringComparer.Ordinal);

    /// <summary>True when the request may proceed; limit 0 or less turns limiting off.</summary>
    public bool TryAccept(string clientId, int limit)
    {
        if (limit <= 0)
        {
            return true;
        }

        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (!_accepted.TryGetValue(clientId, out var times))
            {
                times = new Queue<long>();
                _accepted[clientId] = times;
            }

            while (times.Count > 0 && now - times.Peek() >= Window)
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
