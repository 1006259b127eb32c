using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Export;

/// <summary>The file formats Export-VitalsData writes.</summary>
public enum ExportFormat
{
    /// <summary>Comma-separated, every field quoted, a header row: the columns Invoke-VitalsQuery | Export-Csv gives.</summary>
    Csv,
    /// <summary>One JSON object per line.</summary>
    JsonLines,
}

/// <summary>
/// The temporary name an export is written under, and its one rename to the name asked for. A failed
/// rename leaves the temporary file as it is: its rows cost requests and time, so what to do about
/// it (tell the user where it is) is the caller's.
/// </summary>
public static class ExportFile
{
    /// <summary>A new temporary name in the target's folder, so the rename stays on one volume and is one step.</summary>
    public static string PartialName(string target) =>
        target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".partial";

    /// <summary>
    /// Renames the finished <paramref name="partial"/> file to <paramref name="target"/>. With
    /// <paramref name="noClobber"/> the rename itself refuses an existing target (the file system
    /// decides, not an earlier check, so a file created during the run is never replaced); otherwise an
    /// existing file is replaced in the same step. Throws IOException or UnauthorizedAccessException.
    /// </summary>
    public static void Commit(string partial, string target, bool noClobber)
    {
        // File.Move never overwrites: link(2) on Unix and MoveFile on Windows fail when the target exists.
        if (noClobber || !File.Exists(target))
            File.Move(partial, target);
        else
            File.Replace(partial, target, destinationBackupFileName: null);
    }
}

/// <summary>
/// Writes metric rows straight to a file, with no PSObject per row: the columns of
/// Invoke-VitalsQuery's objects in the same order, values in the invariant culture, times as
/// ISO-8601 UTC. Not thread-safe; one writer per file.
/// </summary>
public abstract class RowFileWriter : IDisposable
{
    private protected RowFileWriter(Stream stream) => Stream = stream;

    private protected Stream Stream { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private protected set; }

    /// <summary>Makes the writer for a format.</summary>
    public static RowFileWriter Create(ExportFormat format, Stream stream) =>
        format == ExportFormat.Csv ? new CsvRowWriter(stream) : new JsonLinesRowWriter(stream);

    /// <summary>Called once per query before its rows; writes a header the first time only.</summary>
    public abstract void Begin(QueryPlan plan);

    /// <summary>Writes the row <paramref name="row"/> stands on, of the query passed to <see cref="Begin"/>, straight from its page's bytes.</summary>
    public abstract void Write(MetricRowReader row);

    /// <summary>Writes what is buffered to the stream.</summary>
    public abstract void Flush();

    /// <summary>Where the next package starts: flushed, so the stream position is exact.</summary>
    public (long Position, long Rows) Mark()
    {
        Flush();
        return (Stream.Position, RowCount);
    }

    /// <summary>Cuts the file back to a mark, rows and count alike: a failed package leaves nothing behind.</summary>
    public void Rewind((long Position, long Rows) mark)
    {
        Flush();
        Stream.SetLength(mark.Position);
        Stream.Position = mark.Position;
        RowCount = mark.Rows;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Flushes; the stream belongs to the caller.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
    }

    /// <summary>The file's columns for a plan, from its schema: the fixed columns, then dimensions, then metrics.</summary>
    protected static List<string> ColumnsOf(QueryPlan plan)
    {
        var columns = new List<string>(plan.Schema.RowColumns.Count);
        foreach (var column in plan.Schema.RowColumns)
            columns.Add(column.Name);
        return columns;
    }
}

/// <summary>CSV as Export-Csv writes it in PowerShell 7: every field quoted, quotes doubled, LF line ends.</summary>
internal sealed class CsvRowWriter : RowFileWriter
{
    private const int FlushAt = 1 << 20;
    private readonly ByteBufferWriter _buffer = new(FlushAt + 4096);
    private readonly char[] _chars = new char[40];
    private readonly Dictionary<string, byte[]> _encoded = new(StringComparer.Ordinal);
    private byte[]?[]? _fixed; // per fixed column: its quoted value, already encoded; null for the row's time
    private ColumnKind[]? _kinds;
    private List<string>? _columns;
    // Rows of one period come together: the last time written, and its text as bytes.
    private DateTime _lastTime;
    private readonly byte[] _lastTimeText = new byte[32];
    private int _lastTimeLength;

    public CsvRowWriter(Stream stream) : base(stream) { }

    public override void Begin(QueryPlan plan)
    {
        var columns = ColumnsOf(plan);
        // The header belongs at the top of an empty file: the first query's, or the first after a
        // failed package was cut back out of the file.
        Flush();
        if (Stream.Length == 0)
            _columns = null;
        if (_columns is null)
        {
            _columns = columns;
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                    Put((byte)',');
                Quoted(columns[i]);
            }
            Put((byte)'\n');
        }
        else if (!SameColumns(_columns, columns))
            throw new VitalsException(Messages.ColumnsDiffer(string.Join(",", _columns)), VitalsErrorKind.InvalidArgument, "ColumnsDiffer");
        var schema = plan.Schema;
        _fixed = new byte[]?[schema.FixedCount];
        for (var f = 0; f < _fixed.Length; f++)
            _fixed[f] = schema.RowColumns[f].Kind == ColumnKind.Time ? null : QuotedBytes(schema.RowColumns[f].FixedTextOf(plan) ?? "");
        _kinds = schema.CopyKinds();
    }

    [MethodImpl(HotPath.Optimized)]
    public override void Write(MetricRowReader row)
    {
        var fixedFields = _fixed!;
        for (var f = 0; f < fixedFields.Length; f++)
        {
            if (f > 0)
                Put((byte)',');
            if (fixedFields[f] is { } field)
            {
                _buffer.Write(field);
                continue;
            }
            Put((byte)'"');
            Time(row.StartTime);
            Put((byte)'"');
        }
        var kinds = _kinds!;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (i > 0 || fixedFields.Length > 0)
                Put((byte)',');
            Put((byte)'"');
            if (row.HasValue(i))
            {
                switch (kinds[i])
                {
                    case ColumnKind.Text: Escaped(row.GetText(i) ?? ""); break;
                    case ColumnKind.Count: Number(row.GetCount(i)); break;
                    default: Number(row.GetRate(i)); break;
                }
            }
            Put((byte)'"');
        }
        Put((byte)'\n');
        RowCount++;
        if (_buffer.WrittenCount >= FlushAt)
            Flush();
    }

    public override void Flush()
    {
        Stream.Write(_buffer.RawBuffer, 0, _buffer.WrittenCount);
        _buffer.Clear();
    }

    [MethodImpl(HotPath.Optimized)]
    private void Put(byte b)
    {
        _buffer.GetSpan(1)[0] = b;
        _buffer.Advance(1);
    }

    private void Quoted(string s)
    {
        Put((byte)'"');
        Escaped(s);
        Put((byte)'"');
    }

    private static byte[] QuotedBytes(string s)
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
    private void Escaped(string s)
    {
        if (!_encoded.TryGetValue(s, out var bytes))
        {
            bytes = EscapedBytes(s);
            if (_encoded.Count < 8192)
                _encoded[s] = bytes;
        }
        _buffer.Write(bytes);
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
    private void Number(long value)
    {
        Utf8Formatter.TryFormat(value, _buffer.GetSpan(24), out var written);
        _buffer.Advance(written);
    }

    [MethodImpl(HotPath.Optimized)]
    private void Number(double value)
    {
        // "R" round-trips: the same double comes back from the text.
#if NET
        value.TryFormat(_chars, out var count, "R", CultureInfo.InvariantCulture);
        Ascii(count);
#else
        Ascii(value.ToString("R", CultureInfo.InvariantCulture));
#endif
    }

    /// <summary>An ISO time, formatted only when it differs from the last row's (a custom format is slow per row).</summary>
    [MethodImpl(HotPath.Optimized)]
    private void Time(DateTime utc)
    {
        if (_lastTimeLength == 0 || utc != _lastTime || utc.Kind != _lastTime.Kind)
        {
            var start = _buffer.WrittenCount;
            Iso(utc);
            var written = _buffer.WrittenCount - start;
            _buffer.RawBuffer.AsSpan(start, written).CopyTo(_lastTimeText);
            _lastTimeLength = written;
            _lastTime = utc;
            return;
        }
        _buffer.Write(_lastTimeText.AsSpan(0, _lastTimeLength));
    }

    [MethodImpl(HotPath.Optimized)]
    private void Iso(DateTime utc)
    {
#if NET
        utc.TryFormat(_chars, out var count, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Ascii(count);
#else
        Ascii(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
#endif
    }

#if !NET
    private void Ascii(string text)
    {
        text.CopyTo(0, _chars, 0, text.Length);
        Ascii(text.Length);
    }
#endif

    // Numbers and ISO times are ASCII: a byte per char.
    [MethodImpl(HotPath.Optimized)]
    private void Ascii(int count)
    {
        var span = _buffer.GetSpan(count);
        for (var i = 0; i < count; i++)
            span[i] = (byte)_chars[i];
        _buffer.Advance(count);
    }

    private static bool SameColumns(List<string> a, List<string> b)
    {
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
                return false;
        }
        return true;
    }
}

/// <summary>One JSON object per line: names as the API names them, numbers as numbers, null where a row has no value.</summary>
internal sealed class JsonLinesRowWriter : RowFileWriter
{
    private readonly ByteBufferWriter _buffer = new(1 << 20);
    private readonly Utf8JsonWriter _json;
    private JsonEncodedText[] _names = Array.Empty<JsonEncodedText>();
    private ColumnKind[] _kinds = Array.Empty<ColumnKind>();
    private string?[] _fixed = Array.Empty<string?>(); // per fixed column: its value; null for the row's time

    public JsonLinesRowWriter(Stream stream) : base(stream) =>
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    public override void Begin(QueryPlan plan)
    {
        var schema = plan.Schema;
        _kinds = schema.CopyKinds();
        var columns = schema.RowColumns;
        _names = new JsonEncodedText[columns.Count];
        for (var i = 0; i < columns.Count; i++)
            _names[i] = JsonEncodedText.Encode(columns[i].Name);
        _fixed = new string?[schema.FixedCount];
        for (var f = 0; f < _fixed.Length; f++)
            _fixed[f] = columns[f].Kind == ColumnKind.Time ? null : columns[f].FixedTextOf(plan) ?? "";
    }

    [MethodImpl(HotPath.Optimized)]
    public override void Write(MetricRowReader row)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        var fixedValues = _fixed;
        for (var f = 0; f < fixedValues.Length; f++)
        {
            if (fixedValues[f] is { } value)
                _json.WriteString(_names[f], value);
            else
                _json.WriteString(_names[f], row.StartTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        var kinds = _kinds;
        var first = fixedValues.Length;
        for (var i = 0; i < kinds.Length; i++)
        {
            var name = _names[first + i];
            if (!row.HasValue(i))
                _json.WriteNull(name);
            else if (kinds[i] == ColumnKind.Text)
                _json.WriteString(name, row.GetText(i));
            else if (kinds[i] == ColumnKind.Count)
                _json.WriteNumber(name, row.GetCount(i));
            else
                _json.WriteNumber(name, row.GetRate(i));
        }
        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        RowCount++;
        if (_buffer.WrittenCount >= 1 << 20)
            Flush();
    }

    public override void Flush()
    {
        _json.Flush();
        Stream.Write(_buffer.RawBuffer, 0, _buffer.WrittenCount);
        _buffer.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _json.Dispose();
    }
}
