using System;
using System.Threading.Tasks;
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
/// as they are used. The items of a page are disposed before the next page is read, which is when
/// the reader releases the page's bytes.
/// </summary>
internal sealed class PageSource<TPage, TItem> : IPageSource<TItem> where TPage : class, IPage
{
    private readonly PageReader<TPage> _reader;
    private readonly Func<TPage, IPageItems<TItem>> _open;
    private IPageItems<TItem>? _items;

    public PageSource(PageReader<TPage> reader, Func<TPage, IPageItems<TItem>> open)
    {
        _reader = reader;
        _open = open;
    }

    public int Count { get; private set; }
    public bool HasMore => _reader.HasMore;
    public int PagesRead => _reader.PagesRead;

    public TItem Next() => _items is { } items ? items.Next() : throw new InvalidOperationException("No page has been read.");

    public async Task<bool> ReadPageAsync()
    {
        CloseItems();
        Count = 0;
        var page = await _reader.ReadAsync().ConfigureAwait(false);
        if (page is null)
            return false;
        Count = page.Count;
        _items = _open(page);
        return true;
    }

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
    public static IPageItems<TItem> Rows<TItem>(MetricPage page, Func<MetricRowReader, TItem> convert) => new PageItems<TItem>(RowMaker(page, convert));

    /// <summary>A rate page's rows, made into items on a worker thread a little ahead of their writing (see <see cref="ReadAhead{TItem}"/>).</summary>
    public static IPageItems<TItem> RowsAhead<TItem>(MetricPage page, Func<MetricRowReader, TItem> convert, System.Threading.CancellationToken stopping) =>
        new ReadAhead<TItem>(page.Count, RowMaker(page, convert), stopping);

    /// <summary>An issue page's rows, in the server's order.</summary>
    public static IPageItems<TItem> Issues<TItem>(IssuePage page, Func<IssueRow, TItem> convert)
    {
        var next = 0;
        return new PageItems<TItem>(() => convert(page.Rows[next++]));
    }

    private static Func<TItem> RowMaker<TItem>(MetricPage page, Func<MetricRowReader, TItem> convert)
    {
        var rows = page.OpenRows();
        return () => rows.Read() ? convert(rows) : throw new InvalidOperationException("No row is left in the page.");
    }
}
