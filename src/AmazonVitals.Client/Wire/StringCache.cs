using System;
using System.Runtime.CompilerServices;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Wire;

/// <summary>
/// Dimension values repeat on almost every row (a handful of versions, countries, models), so
/// each distinct UTF-8 value becomes one string, shared by every row that has it. One cache
/// serves one query and is only used from one thread at a time.
/// </summary>
internal sealed class StringCache
{
    private const int MaxEntries = 4096;
    private readonly Entry?[] _buckets = new Entry?[1024];
    private int _count;

    [MethodImpl(HotPath.Optimized)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 64)
            return Utf8Text.GetString(utf8);
        var hash = Hash(utf8);
        var index = (int)(hash & (uint)(_buckets.Length - 1));
        for (var entry = _buckets[index]; entry is not null; entry = entry.Next)
        {
            if (entry.Hash == hash && utf8.SequenceEqual(entry.Bytes))
                return entry.Value;
        }
        var value = Utf8Text.GetString(utf8);
        // A query with unbounded distinct values (free text) must not grow the cache forever.
        if (_count < MaxEntries)
        {
            _buckets[index] = new Entry(hash, utf8.ToArray(), value, _buckets[index]);
            _count++;
        }
        return value;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u; // FNV-1a: short keys, cheap and good enough.
        foreach (var b in bytes)
            hash = (hash ^ b) * 16777619u;
        return hash;
    }

    private sealed class Entry
    {
        public Entry(uint hash, byte[] bytes, string value, Entry? next)
        {
            Hash = hash;
            Bytes = bytes;
            Value = value;
            Next = next;
        }

        public uint Hash { get; }
        public byte[] Bytes { get; }
        public string Value { get; }
        public Entry? Next { get; }
    }
}
