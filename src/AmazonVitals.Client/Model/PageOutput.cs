using System;
using System.Buffers;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Model;

/// <summary>
/// Where a page's rows are written as the page is checked (<see cref="RowEncoder"/>): over the
/// page's own body, in front of the reading. A row's bytes in a file format are fewer than its
/// JSON, so they fit into the JSON already read, and a page costs its body and nothing more. Should
/// a row not fit (a format that writes more than the server sent), it and every row after it go to
/// a buffer of their own, so the bytes stay in order.
/// </summary>
internal sealed class PageOutput : IBufferWriter<byte>
{
    private readonly byte[] _front;
    private int _written;
    private int _readTo;
    private ByteBufferWriter? _spill;
    private bool _spilling;

    /// <param name="body">The page's body, read from <paramref name="readTo"/> on.</param>
    /// <param name="readTo">The bytes read so far, which may be written over.</param>
    public PageOutput(byte[] body, int readTo)
    {
        _front = body;
        _readTo = readTo;
    }

    /// <summary>The body has been read up to <paramref name="offset"/>: the bytes before it are free to be written over.</summary>
    public void ReadTo(int offset) => _readTo = offset;

    /// <summary>True once rows went to the buffer of their own (tests).</summary>
    internal bool Spilled => _spill is not null;

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (!_spilling && _readTo - _written >= Math.Max(sizeHint, 1))
            return _front.AsMemory(_written, _readTo - _written);
        _spilling = true;
        _spill ??= new ByteBufferWriter(Math.Max(sizeHint, 64 << 10));
        return _spill.GetMemory(sizeHint);
    }

    public void Advance(int count)
    {
        if (_spilling)
            _spill!.Advance(count);
        else
            _written += count;
    }

    /// <summary>Writes the rows, in order, to <paramref name="stream"/>.</summary>
    public void CopyTo(System.IO.Stream stream)
    {
        stream.Write(_front, 0, _written);
        if (_spill is not null)
            stream.Write(_spill.RawBuffer, 0, _spill.WrittenCount);
    }
}
