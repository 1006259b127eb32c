using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Paging;

namespace AmazonVitals.Output;

/// <summary>
/// Pages of shaped objects, as the cmdlets write them. It hides the client's page types, because
/// no public cmdlet type may mention a client type in a signature (see ModuleInit).
/// </summary>
internal interface IPageSource : IDisposable
{
    /// <summary>Reads the next page; false after the last.</summary>
    Task<bool> ReadPageAsync();
    /// <summary>Rows in the page just read.</summary>
    int Count { get; }
    /// <summary>The i-th row of the page just read, as the object to write.</summary>
    PSObject Shape(int index);
    bool HasMore { get; }
    int PagesRead { get; }
    /// <summary>Starts fetching the next page while this one is written.</summary>
    void Prefetch();
}

/// <summary>Adapts a client <see cref="PageReader{TPage}"/> and a row shaper to <see cref="IPageSource"/>.</summary>
internal sealed class PageSource<TPage, TRow> : IPageSource where TPage : class, IPage
{
    private readonly PageReader<TPage> _reader;
    private readonly Func<TPage, IReadOnlyList<TRow>> _rowsOf;
    private readonly Func<TRow, PSObject> _shape;
    private IReadOnlyList<TRow> _rows = Array.Empty<TRow>();

    public PageSource(PageReader<TPage> reader, Func<TPage, IReadOnlyList<TRow>> rowsOf, Func<TRow, PSObject> shape)
    {
        _reader = reader;
        _rowsOf = rowsOf;
        _shape = shape;
    }

    public int Count => _rows.Count;
    public bool HasMore => _reader.HasMore;
    public int PagesRead => _reader.PagesRead;

    public async Task<bool> ReadPageAsync()
    {
        var page = await _reader.ReadAsync().ConfigureAwait(false);
        _rows = page is null ? Array.Empty<TRow>() : _rowsOf(page);
        return page is not null;
    }

    public PSObject Shape(int index) => _shape(_rows[index]);

    public void Prefetch() => _reader.Prefetch();

    public void Dispose() => _reader.Dispose();
}
