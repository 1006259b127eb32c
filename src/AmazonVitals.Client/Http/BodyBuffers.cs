using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AmazonVitals.Client.Http;

/// <summary>
/// The response bodies of one paged query, reused from page to page. A full page is tens of
/// megabytes; a fresh array for each would leave the large-object heap holding several dead pages
/// until a full collection, so peak memory would grow with the export. Here a page's array comes
/// back when the page is done (its <see cref="ResponseBody"/> is disposed) and the page after next
/// reads into it: with one page prefetched, two arrays serve the whole query.
/// (ArrayPool was measured before and kept power-of-two arrays alive: sizes here are the bodies'.)
/// At most <c>limit</c> arrays are out at once: with 1, the next page's body is read only once
/// this page is released (its request still goes out early and waits at the rate gate).
/// That wait runs inside the request's deadlines, so it is bounded by <c>patience</c>: a consumer
/// slower than that (a slow share, a console frozen by a selection) gets the next body read into
/// a second array, as with a limit of 2, instead of a request timed out for the consumer's time.
/// </summary>
internal sealed class BodyBuffers
{
    // The page being used and the page being fetched; a third array is never wanted back.
    private const int Kept = 2;
    private readonly object _lock = new();
    private readonly List<byte[]> _free = new(Kept);
    private readonly SemaphoreSlim _out;
    private readonly TimeSpan _patience;
    // Arrays handed out past the limit after the patience ran out: each return settles one of
    // them before it frees a slot (slots are interchangeable, so which array it was does not matter).
    private int _overdrawn;

    /// <param name="limit">Bodies in memory at once: 2 (the page in use and the next), or 1.</param>
    /// <param name="patience">How long a rent waits for an array under the limit before it takes
    /// one beyond it (never more than <see cref="Kept"/> in all); infinite when not given.</param>
    public BodyBuffers(int limit = 2, TimeSpan? patience = null)
    {
        if (limit is < 1 or > Kept)
            throw new ArgumentOutOfRangeException(nameof(limit));
        _out = new SemaphoreSlim(limit, limit);
        _patience = patience ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Arrays made so far (not reused ones), for tests.</summary>
    internal int Allocated { get; private set; }

    /// <summary>Arrays rented and not yet given back, for tests.</summary>
    internal int Outstanding { get { lock (_lock) return _outstanding; } }
    private int _outstanding;

    /// <summary>
    /// An array of at least <paramref name="length"/> bytes, once fewer than the limit are out: a
    /// returned one if one is big enough. Every array rented is given back once (<see cref="Return"/>).
    /// </summary>
    public async Task<byte[]> RentAsync(int length, CancellationToken cancellationToken)
    {
        if (!await _out.WaitAsync(_patience, cancellationToken).ConfigureAwait(false))
        {
            lock (_lock)
                _overdrawn++;
        }
        return Take(length);
    }

    private byte[] Take(int length)
    {
        lock (_lock)
        {
            _outstanding++;
            var best = -1;
            for (var i = 0; i < _free.Count; i++)
            {
                if (_free[i].Length >= length && (best < 0 || _free[i].Length < _free[best].Length))
                    best = i;
            }
            if (best >= 0)
            {
                var buffer = _free[best];
                _free.RemoveAt(best);
                return buffer;
            }
            Allocated++;
        }
        // Allocated outside the lock: a page-sized array takes a while to clear.
        return new byte[SizeFor(length)];
    }

    /// <summary>Takes an array back for a later page; only its <see cref="ResponseBody"/> calls this.</summary>
    public void Return(byte[] buffer)
    {
        Keep(buffer);
        lock (_lock)
        {
            _outstanding--;
            if (_overdrawn > 0)
            {
                _overdrawn--;
                return;
            }
        }
        _out.Release();
    }

    private void Keep(byte[] buffer)
    {
        lock (_lock)
        {
            if (_free.Count < Kept)
            {
                _free.Add(buffer);
                return;
            }
            // Keep the larger arrays: they fit more of the pages to come.
            var smallest = 0;
            for (var i = 1; i < _free.Count; i++)
            {
                if (_free[i].Length < _free[smallest].Length)
                    smallest = i;
            }
            if (_free[smallest].Length < buffer.Length)
                _free[smallest] = buffer;
        }
    }

    // Full pages of one query differ in size by a small fraction of a page: 1/256 more lets the
    // next page fit the array, for little memory.
    private static int SizeFor(int length)
    {
        const int Grain = 64 * 1024;
        var padded = (long)length + length / 256;
        var rounded = (padded + Grain - 1) / Grain * Grain;
        return rounded >= int.MaxValue ? length : (int)rounded;
    }
}
