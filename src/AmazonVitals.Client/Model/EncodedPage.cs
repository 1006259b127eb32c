using System;
using System.IO;
using System.Threading;
using AmazonVitals.Client.Http;

namespace AmazonVitals.Client.Model;

/// <summary>
/// One page of a rate query, its rows already written in a file format as the page was checked
/// (Export-VitalsData's single pass: see <see cref="RowEncoder"/>). The rows' bytes were written over
/// the page's body (<see cref="PageOutput"/>), so the page owns the body until it is dropped, when
/// the body's array goes back for the pages to come.
/// </summary>
public sealed class EncodedPage : IPage
{
    private ResponseBody? _body;
    private readonly PageOutput _rows;

    internal EncodedPage(int count, string? nextPageToken, string? requestId, ResponseBody body, PageOutput rows)
    {
        Count = count;
        NextPageToken = nextPageToken;
        RequestId = requestId;
        _body = body;
        _rows = rows;
    }

    /// <summary>The rows written (after any rows outside the window were dropped).</summary>
    public int Count { get; }
    public string? NextPageToken { get; }
    public string? RequestId { get; }

    /// <summary>True when some rows did not fit over the body and went to a buffer of their own (tests).</summary>
    internal bool Spilled => _rows.Spilled;

    /// <summary>Writes the page's rows to <paramref name="stream"/>.</summary>
    internal void CopyTo(Stream stream)
    {
        if (Volatile.Read(ref _body) is null)
            throw new ObjectDisposedException(nameof(EncodedPage), "The page was dropped; its body's array may already hold another page.");
        _rows.CopyTo(stream);
    }

    /// <summary>Gives the body's array back; a second call does nothing.</summary>
    public void Dispose() => Interlocked.Exchange(ref _body, null)?.Dispose();
}
