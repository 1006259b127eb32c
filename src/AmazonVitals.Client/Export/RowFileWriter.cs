using System;
using System.Collections.Generic;
using System.IO;
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
/// ISO-8601 UTC. Rows come one at a time (<see cref="Write"/>) or as pages already encoded while
/// they were checked (<see cref="WritePage"/>, Export-VitalsData's single pass); each query's rows
/// are made into bytes by its own <see cref="RowEncoder"/>, made in <see cref="Begin"/>. Not
/// thread-safe; one writer per file.
/// </summary>
public abstract class RowFileWriter : IDisposable
{
    private const int FlushAt = 1 << 20;
    private readonly ByteBufferWriter _buffer = new(FlushAt + 4096);
    private RowEncoder? _encoder;

    private protected RowFileWriter(Stream stream) => Stream = stream;

    private protected Stream Stream { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Makes the writer for a format.</summary>
    public static RowFileWriter Create(ExportFormat format, Stream stream) =>
        format == ExportFormat.Csv ? new CsvRowWriter(stream) : new JsonLinesRowWriter(stream);

    /// <summary>
    /// Called once per query before its rows: writes a header where the format has one (the first
    /// time only), and makes the query's encoder. Each query gets a new one, so a page of an earlier
    /// query still being checked on another thread (a prefetch the query no longer wants) never
    /// shares its state.
    /// </summary>
    public void Begin(QueryPlan plan)
    {
        // The header belongs at the top of an empty file: the first query's, or the first after a
        // failed package was cut back out of the file.
        Flush();
        _encoder = StartQuery(plan, _buffer, fileIsEmpty: Stream.Length == 0);
    }

    /// <summary>The encoder of the query passed to <see cref="Begin"/>, for its pages to be encoded as they are checked.</summary>
    internal RowEncoder Encoder => _encoder ?? throw new InvalidOperationException("Begin was not called.");

    /// <summary>Writes the row <paramref name="row"/> stands on, of the query passed to <see cref="Begin"/>.</summary>
    public void Write(MetricRowReader row)
    {
        Encoder.Encode(row, _buffer);
        RowCount++;
        if (_buffer.WrittenCount >= FlushAt)
            Flush();
    }

    /// <summary>Writes a page of the query passed to <see cref="Begin"/>, encoded by its <see cref="Encoder"/> as it was checked.</summary>
    public void WritePage(EncodedPage page)
    {
        Flush();
        page.CopyTo(Stream);
        RowCount += page.Count;
    }

    /// <summary>Writes what is buffered to the stream.</summary>
    public void Flush()
    {
        Stream.Write(_buffer.RawBuffer, 0, _buffer.WrittenCount);
        _buffer.Clear();
    }

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

    /// <summary>Writes a header into <paramref name="header"/> where the format wants one, and returns the query's encoder.</summary>
    private protected abstract RowEncoder StartQuery(QueryPlan plan, ByteBufferWriter header, bool fileIsEmpty);

    /// <summary>The file's columns for a plan, from its schema: the fixed columns, then dimensions, then metrics.</summary>
    private protected static List<string> ColumnsOf(QueryPlan plan)
    {
        var columns = new List<string>(plan.Schema.RowColumns.Count);
        foreach (var column in plan.Schema.RowColumns)
            columns.Add(column.Name);
        return columns;
    }
}

/// <summary>CSV as Export-Csv writes it in PowerShell 7: a header row, every field quoted, quotes doubled, LF line ends.</summary>
internal sealed class CsvRowWriter : RowFileWriter
{
    private List<string>? _columns;

    public CsvRowWriter(Stream stream) : base(stream) { }

    private protected override RowEncoder StartQuery(QueryPlan plan, ByteBufferWriter header, bool fileIsEmpty)
    {
        var columns = ColumnsOf(plan);
        if (fileIsEmpty)
            _columns = null;
        if (_columns is null)
        {
            _columns = columns;
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                    header.Write(","u8);
                header.Write(CsvRowEncoder.QuotedBytes(columns[i]));
            }
            header.Write("\n"u8);
        }
        else if (!SameColumns(_columns, columns))
            throw new VitalsException(Messages.ColumnsDiffer(string.Join(",", _columns)), VitalsErrorKind.InvalidArgument, "ColumnsDiffer");
        return new CsvRowEncoder(plan);
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

/// <summary>One JSON object per line, no header.</summary>
internal sealed class JsonLinesRowWriter : RowFileWriter
{
    public JsonLinesRowWriter(Stream stream) : base(stream) { }

    private protected override RowEncoder StartQuery(QueryPlan plan, ByteBufferWriter header, bool fileIsEmpty) => new JsonLinesRowEncoder(plan);
}
