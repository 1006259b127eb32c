using System.Buffers;

namespace AmazonVitals.Client.Model;

/// <summary>
/// Turns one query's rows into a file format's bytes (the formats are in Export/). The wire format
/// hands it each row while it checks a page, so a page's JSON is parsed once: the rows go into the
/// page's own output (<see cref="PageOutput"/>), which only a page that passed whole carries on
/// (<see cref="EncodedPage"/>); a page that fails takes its output with it, so a retried page never
/// repeats a row. One encoder serves one query, one page at a time (pages are checked in order).
/// </summary>
internal abstract class RowEncoder
{
    /// <summary>Appends the row <paramref name="row"/> stands on to <paramref name="into"/>.</summary>
    public abstract void Encode(MetricRowReader row, IBufferWriter<byte> into);
}
