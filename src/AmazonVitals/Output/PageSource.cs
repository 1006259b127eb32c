using System;
using System.Management.Automation;
using System.Threading.Tasks;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Paging;

namespace AmazonVitals.Output;

/// <summary>
/// Pages of items as a cmdlet uses them: objects for the pipeline, or rows for a file, one at a
/// time in page order. It hides the client's page types from the cmdlets' loop (see
/// VitalsCmdlet.ForEachPage).
/// </summary>
internal interface IPageSource<out TItem> : IDisposable
{
    /// <summary>Reads the next page; false after the last. The page read before is released.</summary>
    Task<bool> ReadPageAsync();
    /// <summary>Items in the page just read.</summary>
    int Count { get; }
    /// <summary>The next item of the page just read; at most <see cref="Count"/> calls per page.</summary>
    TItem Next();
    bool HasMore { get; }
    int PagesRead { get; }
    /// <summary>Starts fetching the next page while this one is used.</summary>
    void Prefetch();
}

/// <summary>
/// Adapts a client <see cref="PageReader{TPage}"/> to <see cref="IPageSource{TItem}"/>:
/// <c>open</c> turns a page into its items, so a rate page's rows are parsed from its bytes only
/// as they are used. The items own the page's rows, and so its body: they are disposed before the
/// next page is read, so that body is back for the next page to be read into.
/// </summary>
internal sealed class PageSource<TPage, TItem> : IPageSource<TItem> where TPage : class, IPage
{
    private readonly PageReader<TPage> _reader;
    private readonly Func<TPage, IPageItems<TItem>> _open;
    private IPageItems<TItem>? _items;
    private string? _requestId;

    public PageSource(PageReader<TPage> reader, Func<TPage, IPageItems<TItem>> open)
    {
        _reader = reader;
        _open = open;
    }

    public int Count { get; private set; }
    public bool HasMore => _reader.HasMore;
    public int PagesRead => _reader.PagesRead;

    /// <remarks>
    /// A page's rows are parsed as they are read, so what reading and shaping them throws comes out
    /// here, on the pipeline thread (also from a ReadAhead worker): the server's bad data as
    /// MalformedResponse, a bug of ours as the internal error (Faults), never a bare .NET exception.
    /// Only the making of the item is covered: what WriteObject throws downstream is not ours to name.
    /// </remarks>
    public TItem Next()
    {
        try
        {
            return _items is { } items ? items.Next() : throw new InvalidOperationException("No page has been read.");
        }
        catch (Exception e) when (IsFault(e))
        {
            throw Faults.Classify(e, _requestId);
        }
    }

    public async Task<bool> ReadPageAsync()
    {
        CloseItems();
        Count = 0;
        _requestId = null;
        var page = await _reader.ReadAsync().ConfigureAwait(false);
        if (page is null)
            return false;
        _requestId = page.RequestId;
        Count = page.Count;
        try
        {
            _items = _open(page);
        }
        catch (Exception e) when (IsFault(e))
        {
            throw Faults.Classify(e, _requestId);
        }
        return true;
    }

    /// <summary>What is a failure to name: not a stop (Ctrl+C), and not already a client exception.</summary>
    private static bool IsFault(Exception e) => e is not (VitalsException or PipelineStoppedException or OperationCanceledException);

    public void Prefetch() => _reader.Prefetch();

    public void Dispose()
    {
        CloseItems();
        _reader.Dispose();
    }

    private void CloseItems()
    {
        _items?.Dispose();
        _items = null;
    }
}

/// <summary>How the cmdlets open a page into items.</summary>
internal static class Pages
{
    /// <summary>A rate page's rows, each made into an item on the pipeline thread as it is asked for.</summary>
    public static IPageItems<TItem> Rows<TItem>(MetricPage page, Func<MetricRowReader, TItem> convert)
    {
        var rows = page.OpenRows();
        return new PageItems<TItem>(RowMaker(rows, convert), rows);
    }

    /// <summary>A rate page's rows, made into items on a worker thread a little ahead of their writing (see <see cref="ReadAhead{TItem}"/>).</summary>
    public static IPageItems<TItem> RowsAhead<TItem>(MetricPage page, Func<MetricRowReader, TItem> convert, System.Threading.CancellationToken stopping)
    {
        var rows = page.OpenRows();
        return new ReadAhead<TItem>(page.Count, RowMaker(rows, convert), rows, stopping);
    }

    /// <summary>A page taken whole (its rows already encoded for a file): the one item is the page itself, asked for once.</summary>
    public static IPageItems<EncodedPage> Whole(EncodedPage page) => new PageItems<EncodedPage>(() => page);

    /// <summary>An issue page's rows, in the server's order.</summary>
    public static IPageItems<TItem> Issues<TItem>(IssuePage page, Func<IssueRow, TItem> convert)
    {
        var next = 0;
        return new PageItems<TItem>(() => convert(page.Rows[next++]));
    }

    private static Func<TItem> RowMaker<TItem>(MetricRowReader rows, Func<MetricRowReader, TItem> convert) =>
        () => rows.Read() ? convert(rows) : throw new InvalidOperationException("No row is left in the page.");
}
