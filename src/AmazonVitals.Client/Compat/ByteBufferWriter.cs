using System;
using System.Buffers;

namespace AmazonVitals.Client.Compat;

/// <summary>
/// A growable byte buffer for Utf8JsonWriter and the file writers. ArrayBufferWriter is not
/// public on netstandard2.0, and this is all of it that we use.
/// </summary>
internal sealed class ByteBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _written;

    public ByteBufferWriter(int capacity = 256) => _buffer = new byte[Math.Max(capacity, 16)];

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>The written bytes and their count, for Stream.Write(byte[], int, int) on every runtime.</summary>
    public byte[] RawBuffer => _buffer;

    public void Clear() => _written = 0;

    public void Advance(int count) => _written += count;

    // Reserve first: it may replace _buffer.
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var free = Reserve(sizeHint);
        return _buffer.AsMemory(_written, free);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var free = Reserve(sizeHint);
        return _buffer.AsSpan(_written, free);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    private int Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written < needed)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _written + needed));
        return _buffer.Length - _written;
    }
}
