using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>One issue: a crash or ANR signature with its counts over the window.</summary>
public sealed class IssueRow
{
    public IssueRow(string? crashDescriptor, string? reportText, long? errorEventCount, long? affectedDeviceCount, string?[] dimensions)
    {
        CrashDescriptor = crashDescriptor;
        ReportText = reportText;
        ErrorEventCount = errorEventCount;
        AffectedDeviceCount = affectedDeviceCount;
        Dimensions = dimensions;
    }

    public string? CrashDescriptor { get; }
    public string? ReportText { get; }
    public long? ErrorEventCount { get; }
    public long? AffectedDeviceCount { get; }
    /// <summary>Per requested dimension, in the order asked for.</summary>
    public string?[] Dimensions { get; }
}

/// <summary>
/// What every page has: its rows, the cursor to the next and the server's requestId. Disposing a
/// page drops it: what it still holds goes back for the pages to come (its <c>PageReader</c> drops
/// each page when the next is read, and the last when it is disposed).
/// </summary>
public interface IPage : IDisposable
{
    string? NextPageToken { get; }
    string? RequestId { get; }
    int Count { get; }
}

/// <summary>
/// One page of a rate query, as the server sent it. The body was checked whole before the page
/// was handed out (a broken page fails, and is retried, before any of its rows is used); its rows
/// are parsed only as they are read (<see cref="OpenRows"/>), so a page costs its bytes and no
/// more, whatever its row count.
/// </summary>
/// <remarks>
/// The page owns its body (<see cref="Http.ResponseBody"/>) until its rows are opened, which hands
/// the body on to the row reader: dispose that reader when done with the rows (or read to the
/// last row), and the body goes back for the next page. A page dropped unopened gives it back
/// when disposed.
/// </remarks>
public sealed class MetricPage : IPage
{
    private readonly Func<Http.ResponseBody, MetricRowReader> _open;
    private Http.ResponseBody? _body;

    internal MetricPage(int count, string? nextPageToken, string? requestId, Http.ResponseBody body, Func<Http.ResponseBody, MetricRowReader> open)
    {
        Count = count;
        NextPageToken = nextPageToken;
        RequestId = requestId;
        _body = body;
        _open = open;
    }

    /// <summary>The rows this page gives (after any rows outside the window were dropped).</summary>
    public int Count { get; }
    public string? NextPageToken { get; }
    public string? RequestId { get; }

    /// <summary>
    /// A forward-only reader over the rows, parsed one at a time from the checked body, which the
    /// reader now owns: dispose it when done. A page's rows are opened once.
    /// </summary>
    public MetricRowReader OpenRows()
    {
        var body = _body ?? throw new InvalidOperationException("The page's rows were opened already, or the page was dropped.");
        _body = null;
        return _open(body);
    }

    /// <summary>Drops the page: a body its rows never took goes back.</summary>
    public void Dispose()
    {
        var body = _body;
        _body = null;
        body?.Dispose();
    }
}

/// <summary>
/// Reads a page's rows one at a time. The values of the current row stay valid until the next
/// <see cref="Read"/>; they are held typed (no boxing), in <see cref="RowSchema.Columns"/> order.
/// The reader owns the page's body: it goes back after the last row is read, or when the reader
/// is disposed, whichever comes first; reading after that throws.
/// </summary>
public abstract class MetricRowReader : IDisposable
{
    private readonly int _dimensions;

    private protected MetricRowReader(RowSchema schema)
    {
        Schema = schema;
        var columns = schema.Columns.Count;
        _dimensions = schema.Dimensions.Count;
        Kinds = schema.Kinds;
        Text = new string?[columns];
        Counts = new long[columns];
        Rates = new double[columns];
        Present = new bool[columns];
    }

    public RowSchema Schema { get; }

    /// <summary>UTC start of the current row's period.</summary>
    public DateTime StartTime { get; private protected set; }

    private protected ColumnKind[] Kinds { get; }

    // The current row, per column: only the array of the column's kind is used, and only where Present.
    private protected string?[] Text { get; }
    private protected long[] Counts { get; }
    private protected double[] Rates { get; }
    private protected bool[] Present { get; }

    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool Read();

    /// <summary>False where the row has no value for the column.</summary>
    public bool HasValue(int column) => Present[column];

    /// <summary>A dimension's value, or null.</summary>
    public string? GetText(int column) => Text[column];

    /// <summary>A count's value; meaningful only where <see cref="HasValue"/>.</summary>
    public long GetCount(int column) => Counts[column];

    /// <summary>A rate's value; meaningful only where <see cref="HasValue"/>.</summary>
    public double GetRate(int column) => Rates[column];

    /// <summary>The value as an object: string, boxed Int64 or boxed Double, or null.</summary>
    public object? GetValue(int column)
    {
        if (!Present[column])
            return null;
        return Kinds[column] switch
        {
            ColumnKind.Text => Text[column],
            ColumnKind.Count => Counts[column],
            _ => Rates[column],
        };
    }

    /// <summary>Forgets the last row's values, before the next is read into the same arrays.</summary>
    private protected void Clear()
    {
        Array.Clear(Present, 0, Present.Length);
        Array.Clear(Text, 0, _dimensions);
        Named = 0;
    }

    /// <summary>The current row's columns named so far, one bit each (the first 64), null values included.</summary>
    private protected ulong Named { get; set; }

    /// <summary>Gives the page's body back; the rows can no longer be read.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Gives back what the reader holds (a page's body).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>One page of an issues query. Issue pages are small (the top issues), so they are held parsed.</summary>
public sealed class IssuePage : IPage
{
    public IssuePage(IReadOnlyList<IssueRow> rows, string? nextPageToken, string? requestId)
    {
        Rows = rows;
        NextPageToken = nextPageToken;
        RequestId = requestId;
    }

    public IReadOnlyList<IssueRow> Rows { get; }
    public string? NextPageToken { get; }
    public string? RequestId { get; }
    public int Count => Rows.Count;

    // Nothing to give back: the rows are ordinary objects.
    public void Dispose() { }
}
