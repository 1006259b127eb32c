using System;
using System.Management.Automation;
using AmazonVitals.Output;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// Writes shaped objects to the pipeline under -First, -Skip and -IncludeTotalCount. Made only by
/// cmdlets with SupportsPaging, from their PagingParameters: a cmdlet without them cannot reach it.
/// </summary>
internal sealed class PagedWriter
{
    private readonly PagingParameters _paging;
    private readonly Action<object> _write;
    private readonly ulong _first;
    private ulong _toSkip;

    public PagedWriter(PagingParameters paging, bool firstGiven, Action<object> write)
    {
        _paging = paging ?? throw new ArgumentNullException(nameof(paging));
        _write = write;
        _first = firstGiven ? paging.First : ulong.MaxValue;
        _toSkip = paging.Skip;
    }

    /// <summary>-First 0: nothing is wanted, so nothing is sent.</summary>
    public bool WantsNothing => _first == 0;

    /// <summary>Objects written so far.</summary>
    public ulong Written { get; private set; }

    /// <summary>The rows -First and -Skip ask for, as a page-size hint; null when unbounded.</summary>
    public int? RowLimit
    {
        get
        {
            if (_first == ulong.MaxValue)
                return null;
            var wanted = _first + _paging.Skip;
            return wanted >= int.MaxValue ? null : (int)Math.Max(1, wanted);
        }
    }

    /// <summary>True when a page of <paramref name="count"/> rows leaves -First unmet, so the next page is wanted.</summary>
    public bool WantsMoreAfter(int count)
    {
        var usable = (ulong)count > _toSkip ? (ulong)count - _toSkip : 0;
        return Written + usable < _first;
    }

    /// <summary>Writes the page's objects, skipping and stopping as -Skip and -First say: rows after -First are never made.</summary>
    public void Write(IPageSource<object> page)
    {
        for (var i = 0; i < page.Count && Written < _first; i++)
        {
            var item = page.Next();
            if (_toSkip > 0)
            {
                _toSkip--;
                continue;
            }
            _write(item);
            Written++;
        }
    }

    /// <summary>-IncludeTotalCount: the rows the query had, exact only when every page was read.</summary>
    public void WriteTotalCount(long rows, bool complete)
    {
        if (_paging.IncludeTotalCount)
            _write(_paging.NewTotalCount((ulong)rows, complete ? 1.0 : 0.0));
    }
}
