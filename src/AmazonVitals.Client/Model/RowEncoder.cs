using System.Collections.Generic;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Model;

/// <summary>
/// Turns one query's rows into a file format's bytes (the formats are in Export/). The wire format
/// hands it each row while it checks a page, so a page's JSON is parsed once: the rows go into a
/// buffer of the page's own (<see cref="EncodedPage"/>), which only a page that passed whole
/// carries on; a page that fails gives its buffer back with whatever was in it, so a retried page
/// never repeats a row. One encoder serves one query, one page at a time (pages are checked in
/// order); its page buffers are reused from page to page.
/// </summary>
internal abstract class RowEncoder
{
    // The page being written to the file and the page prefetched: a third buffer is never wanted back.
    private const int Kept = 2;
    private readonly Stack<ByteBufferWriter> _spare = new(Kept);

    /// <summary>Appends the row <paramref name="row"/> stands on to <paramref name="into"/>.</summary>
    public abstract void Encode(MetricRowReader row, ByteBufferWriter into);

    /// <summary>
    /// The format's bytes for a page whose body is <paramref name="bodyLength"/> bytes, a little
    /// over rather than under: a buffer that has to grow leaves its smaller arrays as garbage, which
    /// counts against the export's peak memory until a full collection.
    /// </summary>
    protected abstract int ExpectedBytes(int bodyLength);

    /// <summary>An empty buffer for the rows of a page whose body is <paramref name="bodyLength"/> bytes: one given back, or a new one.</summary>
    public ByteBufferWriter RentPage(int bodyLength)
    {
        lock (_spare)
        {
            if (_spare.Count > 0)
                return _spare.Pop();
        }
        return new ByteBufferWriter(ExpectedBytes(bodyLength));
    }

    /// <summary>Takes a page's buffer back, emptied, for a later page (grown to a page's size, it is not grown again).</summary>
    public void ReturnPage(ByteBufferWriter page)
    {
        page.Clear();
        lock (_spare)
        {
            if (_spare.Count < Kept)
                _spare.Push(page);
        }
    }
}
