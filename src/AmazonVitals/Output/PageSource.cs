using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Paging;

namespace AmazonVitals.Output;

/// <summary>
/// Pages of items as a cmdlet uses them: shaped objects for the pipeline, or rows for a file.
/// It hides the client's page types from the cmdlets' loop (see VitalsCmdlet.ForEachPage).
/// </summary>
internal interface IPageSource<out TItem> : IDisposable
{
    /// <summary>Reads the next page; false after the last.</summary>
    Task<bool> ReadPageAsync();
    /// <summary>Items in the page just read.</summary>
    int Count { get; }
    /// <summary>The i-th item of the page just read.</summary>
    TItem this[int index] { get; }
    bool HasMore { get; }
    int PagesRead { get; }
    /// <summary>Starts fetching the next page while this one is used.</summary>
    void Prefetch();
}

/// <summary>Adapts a client <see cref="PageReader{TPage}"/> and a row conversion to <see cref="IPageSource{TItem}"/>.</summary>
internal sealed class PageSource<TPage, TRow, TItem> : IPageSource<TItem> where TPage : class, IPage
{
    private readonly PageReader<TPage> _reader;
    private readonly Func<TPage, IReadOnlyList<TRow>> _rowsOf;
    private readonly Func<TRow, TItem> _convert;
    private IReadOnlyList<TRow> _rows = Array.Empty<TRow>();

    public PageSource(PageReader<TPage> reader, Func<TPage, IReadOnlyList<TRow>> rowsOf, Func<TRow, TItem> convert)
    {
        _reader = reader;
        _rowsOf = rowsOf;
        _convert = convert;
    }

    public int Count => _rows.Count;
    public bool HasMore => _reader.HasMore;
    public int PagesRead => _reader.PagesRead;
    public TItem this[int index] => _convert(_rows[index]);

    public async Task<bool> ReadPageAsync()
    {
        var page = await _reader.ReadAsync().ConfigureAwait(false);
        _rows = page is null ? Array.Empty<TRow>() : _rowsOf(page);
        return page is not null;
    }

    public void Prefetch() => _reader.Prefetch();

    public void Dispose() => _reader.Dispose();
}
