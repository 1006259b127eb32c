using System;
using System.Collections.Generic;

namespace AmazonVitals.Emulator.Queries;

/// <summary>
/// Serialized pages kept in memory, least recently used out first, within a byte budget. Benchmarks
/// read the same million rows several times; serving them from memory measures the client, not us.
/// </summary>
public sealed class PageCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Bytes)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, byte[] Bytes)> _order = new();
    private long _bytes;

    public PageCache(long maxBytes) => MaxBytes = maxBytes;

    public long MaxBytes { get; }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public bool TryGet(string key, out byte[] bytes)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                bytes = node.Value.Bytes;
                return true;
            }
        }

        bytes = [];
        return false;
    }

    public void Add(string key, byte[] bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return;
        }

        lock (_gate)
        {
            if (_map.ContainsKey(key))
            {
                return;
            }

            while (_bytes + bytes.Length > MaxBytes && _order.Last is { } oldest)
            {
                _order.RemoveLast();
                _map.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Bytes.Length;
            }

            _map[key] = _order.AddFirst((key, bytes));
            _bytes += bytes.Length;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _order.Clear();
            _bytes = 0;
        }
    }
}
