using System;
using System.Runtime.CompilerServices;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Wire;

/// <summary>
/// Dimension values repeat on almost every row (a handful of versions, countries, models), so
/// each distinct UTF-8 value of a column becomes one string, shared by every row that has it.
/// One cache serves one query and is only used from one thread at a time. A value new to its
/// column is also told to <c>onFirst</c>: what the session remembers of the values it has seen,
/// at the cost of one call per distinct value rather than one per row. A cache takes one kind of
/// key: UTF-8 bytes (the server's pages) or chars (stored Parquet rows), never both.
/// </summary>
internal sealed class StringCache
{
    private const int MaxEntries = 4096;
    private readonly Entry?[] _buckets = new Entry?[1024];
    private readonly Action<int, string>? _onFirst;
    private int _count;

    public StringCache(Action<int, string>? onFirst = null) => _onFirst = onFirst;

    [MethodImpl(HotPath.Optimized)]
    public string Get(ReadOnlySpan<byte> utf8, int column = 0)
    {
        if (utf8.Length > 64)
            return Utf8Text.GetString(utf8);
        var hash = Hash(utf8) ^ ((uint)column * 0x9E3779B9u);
        var index = (int)(hash & (uint)(_buckets.Length - 1));
        for (var entry = _buckets[index]; entry is not null; entry = entry.Next)
        {
            if (entry.Hash == hash && entry.Column == column && utf8.SequenceEqual(entry.Bytes))
                return entry.Value;
        }
        return Remember(Utf8Text.GetString(utf8), hash, index, column, utf8.ToArray());
    }

    /// <summary>The same for a value already decoded to chars (a Parquet reader's): no string is made for a value seen before.</summary>
    [MethodImpl(HotPath.Optimized)]
    public string Get(ReadOnlySpan<char> chars, int column = 0)
    {
        if (chars.Length > 64)
            return chars.ToString();
        var hash = Hash(chars) ^ ((uint)column * 0x9E3779B9u);
        var index = (int)(hash & (uint)(_buckets.Length - 1));
        for (var entry = _buckets[index]; entry is not null; entry = entry.Next)
        {
            if (entry.Hash == hash && entry.Column == column && chars.SequenceEqual(entry.Value.AsSpan()))
                return entry.Value;
        }
        // The value is its own key here: no bytes are kept.
        return Remember(chars.ToString(), hash, index, column, Array.Empty<byte>());
    }

    /// <summary>A value new to its column: told to <c>onFirst</c>, and kept while the cache has room.</summary>
    private string Remember(string value, uint hash, int index, int column, byte[] bytes)
    {
        _onFirst?.Invoke(column, value);
        // A query with unbounded distinct values (free text) must not grow the cache forever.
        if (_count < MaxEntries)
        {
            _buckets[index] = new Entry(hash, column, bytes, value, _buckets[index]);
            _count++;
        }
        return value;
    }

    private static uint Hash(ReadOnlySpan<char> chars)
    {
        var hash = 2166136261u;
        foreach (var c in chars)
            hash = (hash ^ c) * 16777619u;
        return hash;
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
        public Entry(uint hash, int column, byte[] bytes, string value, Entry? next)
        {
            Hash = hash;
            Column = column;
            Bytes = bytes;
            Value = value;
            Next = next;
        }

        public uint Hash { get; }
        public int Column { get; }
        public byte[] Bytes { get; }
        public string Value { get; }
        public Entry? Next { get; }
    }
}
