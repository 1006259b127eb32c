using System;
using System.IO;
using System.Threading;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Model;

/// <summary>
/// One page of a rate query, its rows already written in a file format as the page was checked
/// (Export-VitalsData's single pass: see <see cref="RowEncoder"/>). It holds the rows' bytes, not
/// the server's body, which went back as soon as the page was read. Disposing the page gives its
/// buffer back for the pages to come.
/// </summary>
public sealed class EncodedPage : IPage
{
    private readonly RowEncoder _home;
    private ByteBufferWriter? _bytes;

    internal EncodedPage(int count, string? nextPageToken, string? requestId, ByteBufferWriter bytes, RowEncoder home)
    {
        Count = count;
        NextPageToken = nextPageToken;
        RequestId = requestId;
        _bytes = bytes;
        _home = home;
    }

    /// <summary>The rows written (after any rows outside the window were dropped).</summary>
    public int Count { get; }
    public string? NextPageToken { get; }
    public string? RequestId { get; }

    /// <summary>Writes the page's rows to <paramref name="stream"/>.</summary>
    internal void CopyTo(Stream stream)
    {
        var bytes = _bytes ?? throw new ObjectDisposedException(nameof(EncodedPage), "The page was dropped; its buffer may already hold another page's rows.");
        stream.Write(bytes.RawBuffer, 0, bytes.WrittenCount);
    }

    /// <summary>Gives the buffer back; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _bytes, null) is { } bytes)
            _home.ReturnPage(bytes);
    }
}
