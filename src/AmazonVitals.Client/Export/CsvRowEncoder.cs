using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Export;

/// <summary>
/// A query's rows as Export-Csv writes them in PowerShell 7: every field quoted, quotes doubled, LF
/// line ends. A row is written into one span reserved for it: its length is known before it is
/// written (the fixed fields and the dimension values are bytes made once, numbers have a bound).
/// </summary>
internal sealed class CsvRowEncoder : RowEncoder
{
    // "-1.2345678901234567E-308" and "-9223372036854775808" fit, with their quotes and comma.
    private const int NumberBound = 32;
    private const int TimeBound = 24;
    private readonly Part[] _fixed;
    private readonly int _fixedBytes;
    private readonly ColumnKind[] _kinds;
    private readonly byte[]?[] _texts;
    private readonly Dictionary<string, byte[]> _encoded = new(StringComparer.Ordinal);
    // Rows of one period come together: the last time written, and its quoted text as bytes.
    private DateTime _lastTime;
    private readonly byte[] _lastTimeText = new byte[TimeBound];
    private int _lastTimeLength;
#if !NET
    private readonly char[] _chars = new char[40];
#endif

    public CsvRowEncoder(QueryPlan plan)
    {
        var schema = plan.Schema;
        _fixed = FixedParts(plan);
        foreach (var part in _fixed)
            _fixedBytes += part.Bytes?.Length ?? TimeBound;
        _kinds = schema.CopyKinds();
        _texts = new byte[]?[_kinds.Length];
    }

    /// <summary>The fixed columns as runs of constant bytes (values, quotes and commas joined) and the row's time between them.</summary>
    private static Part[] FixedParts(QueryPlan plan)
    {
        var schema = plan.Schema;
        var parts = new List<Part>();
        var run = new List<byte>();
        for (var f = 0; f < schema.FixedCount; f++)
        {
            if (f > 0)
                run.Add((byte)',');
            var column = schema.RowColumns[f];
            if (column.Kind != ColumnKind.Time)
            {
                run.AddRange(QuotedBytes(column.FixedTextOf(plan) ?? ""));
                continue;
            }
            if (run.Count > 0)
                parts.Add(new Part(run.ToArray()));
            run.Clear();
            parts.Add(new Part(null));
        }
        if (schema.FixedCount > 0 && schema.Columns.Count > 0)
            run.Add((byte)',');
        if (run.Count > 0)
            parts.Add(new Part(run.ToArray()));
        return parts.ToArray();
    }

    [MethodImpl(HotPath.Optimized)]
    public override void Encode(MetricRowReader row, IBufferWriter<byte> into)
    {
        var kinds = _kinds;
        var texts = _texts;
        // The row's length, bounded: the fixed runs, then per column its quotes and comma and value.
        var bound = _fixedBytes + 1;
        for (var i = 0; i < kinds.Length; i++)
        {
            texts[i] = null;
            if (kinds[i] == ColumnKind.Text && row.HasValue(i))
            {
                var text = Escaped(row.GetText(i) ?? "");
                texts[i] = text;
                bound += text.Length + 3;
            }
            else
                bound += NumberBound;
        }
        var span = into.GetSpan(bound);
        var at = 0;
        foreach (var part in _fixed)
        {
            if (part.Bytes is { } bytes)
            {
                bytes.CopyTo(span.Slice(at));
                at += bytes.Length;
            }
            else
                at += Time(row.StartTime, span.Slice(at));
        }
        for (var i = 0; i < kinds.Length; i++)
        {
            if (i > 0)
                span[at++] = (byte)',';
            span[at++] = (byte)'"';
            if (texts[i] is { } text)
            {
                text.CopyTo(span.Slice(at));
                at += text.Length;
            }
            else if (row.HasValue(i))
                at += kinds[i] == ColumnKind.Count ? Number(row.GetCount(i), span.Slice(at)) : Number(row.GetRate(i), span.Slice(at));
            span[at++] = (byte)'"';
        }
        span[at++] = (byte)'\n';
        into.Advance(at);
    }

    /// <summary>A field as CSV has it: quoted, quotes inside doubled, UTF-8.</summary>
    internal static byte[] QuotedBytes(string s)
    {
        var escaped = EscapedBytes(s);
        var quoted = new byte[escaped.Length + 2];
        quoted[0] = quoted[quoted.Length - 1] = (byte)'"';
        escaped.CopyTo(quoted, 1);
        return quoted;
    }

    // Dimension values repeat on almost every row (the parser hands out one string per distinct
    // value), so each is encoded and escaped once and its bytes reused.
    [MethodImpl(HotPath.Optimized)]
    private byte[] Escaped(string s)
    {
        if (!_encoded.TryGetValue(s, out var bytes))
        {
            bytes = EscapedBytes(s);
            if (_encoded.Count < 8192)
                _encoded[s] = bytes;
        }
        return bytes;
    }

    private static byte[] EscapedBytes(string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        var quotes = 0;
        foreach (var b in utf8)
        {
            if (b == (byte)'"')
                quotes++;
        }
        if (quotes == 0)
            return utf8;
        // A quote inside a field is doubled; in UTF-8 the byte '"' only ever stands for itself.
        var escaped = new byte[utf8.Length + quotes];
        var at = 0;
        foreach (var b in utf8)
        {
            escaped[at++] = b;
            if (b == (byte)'"')
                escaped[at++] = b;
        }
        return escaped;
    }

    [MethodImpl(HotPath.Optimized)]
    private static int Number(long value, Span<byte> into)
    {
        Utf8Formatter.TryFormat(value, into, out var written);
        return written;
    }

    [MethodImpl(HotPath.Optimized)]
    private int Number(double value, Span<byte> into)
    {
        // "R" round-trips: the same double comes back from the text.
#if NET
        value.TryFormat(into, out var written, "R", CultureInfo.InvariantCulture);
        return written;
#else
        return Ascii(value.ToString("R", CultureInfo.InvariantCulture), into);
#endif
    }

    /// <summary>A quoted ISO time, formatted only when it differs from the last row's (a custom format is slow per row).</summary>
    [MethodImpl(HotPath.Optimized)]
    private int Time(DateTime utc, Span<byte> into)
    {
        if (_lastTimeLength == 0 || utc != _lastTime || utc.Kind != _lastTime.Kind)
        {
            into[0] = (byte)'"';
            var written = 1 + Iso(utc, into.Slice(1));
            into[written++] = (byte)'"';
            into.Slice(0, written).CopyTo(_lastTimeText);
            _lastTimeLength = written;
            _lastTime = utc;
            return written;
        }
        _lastTimeText.AsSpan(0, _lastTimeLength).CopyTo(into);
        return _lastTimeLength;
    }

    private int Iso(DateTime utc, Span<byte> into)
    {
#if NET
        utc.TryFormat(into, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return written;
#else
        return Ascii(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), into);
#endif
    }

#if !NET
    // Numbers and ISO times are ASCII: a byte per char.
    private int Ascii(string text, Span<byte> into)
    {
        text.CopyTo(0, _chars, 0, text.Length);
        for (var i = 0; i < text.Length; i++)
            into[i] = (byte)_chars[i];
        return text.Length;
    }
#endif

    /// <summary>Constant bytes, or (null) the row's time.</summary>
    private readonly struct Part
    {
        public Part(byte[]? bytes) => Bytes = bytes;

        public byte[]? Bytes { get; }
    }
}
