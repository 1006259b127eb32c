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
/// <c>open</c> turns a page into the function that makes its items one by one, so a rate page's
/// rows are parsed from its bytes only as they are written.
/// </summary>
internal sealed class PageSource<TPage, TItem> : IPageSource<TItem> where TPage : class, IPage
{
    private readonly PageReader<TPage> _reader;
    private readonly Func<TPage, Func<TItem>> _open;
    private Func<TItem> _next = NoItems;

    public PageSource(PageReader<TPage> reader, Func<TPage, Func<TItem>> open)
    {
        _reader = reader;
        _open = open;
    }

    public int Count { get; private set; }
    public bool HasMore => _reader.HasMore;
    public int PagesRead => _reader.PagesRead;
    public TItem Next() => _next();

    public async Task<bool> ReadPageAsync()
    {
        _next = NoItems;
        Count = 0;
        var page = await _reader.ReadAsync().ConfigureAwait(false);
        if (page is null)
            return false;
        Count = page.Count;
        _next = _open(page);
        return true;
    }

    public void Prefetch() => _reader.Prefetch();

    public void Dispose() => _reader.Dispose();

    private static TItem NoItems() => throw new InvalidOperationException("No item is left in the page.");
}

/// <summary>How the cmdlets open a page into items.</summary>
internal static class Pages
{
    /// <summary>A rate page's rows, each made into an item as it is asked for.</summary>
    public static Func<TItem> Rows<TItem>(MetricPage page, Func<MetricRowReader, TItem> convert)
    {
        var rows = page.OpenRows();
        return () => rows.Read() ? convert(rows) : throw new InvalidOperationException("No row is left in the page.");
    }

    /// <summary>An issue page's rows, in the server's order.</summary>
    public static Func<TItem> Issues<TItem>(IssuePage page, Func<IssueRow, TItem> convert)
    {
        var next = 0;
        return () => convert(page.Rows[next++]);
    }
}
