using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using Parquet;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// The pages of a read of stored rows: one per row group of each partition file in date order,
/// with "file:group" as the page token, so the page reader and everything after it work as they
/// do for a server's pages. Only one file is open at a time, and only one row group is in memory.
/// </summary>
internal sealed class StoredPages
{
    private readonly IReadOnlyList<string> _files;
    private readonly QueryPlan _plan;
    // Pages are read one at a time (PageReader fetches one ahead at most), so one cache serves the read.
    private readonly StringCache _strings = new();

    public StoredPages(IReadOnlyList<string> files, QueryPlan plan)
    {
        _files = files;
        _plan = plan;
    }

    public async Task<MetricPage> ReadAsync(string? token, CancellationToken cancellationToken)
    {
        var (file, group) = Parse(token);
        if (file >= _files.Count)
            return Empty();
        using var stream = new FileStream(_files[file], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = await ParquetReader.CreateAsync(stream, ParquetColumns.Options(), false, cancellationToken).ConfigureAwait(false);
        await using var _ = reader.ConfigureAwait(false);
        // An empty partition (a date with no rows) has no row group: move on to the next file.
        if (group >= reader.RowGroupCount)
            return file + 1 < _files.Count ? await ReadAsync(Token(file + 1, 0), cancellationToken).ConfigureAwait(false) : Empty();
        var rows = await StoredRowGroup.ReadAsync(reader, group, _plan, _strings, cancellationToken).ConfigureAwait(false);
        var next = group + 1 < reader.RowGroupCount ? Token(file, group + 1) : file + 1 < _files.Count ? Token(file + 1, 0) : null;
        return new MetricPage(rows.Kept.Length, next, null, NoBody(), _ => new StoredRowReader(rows));
    }

    private MetricPage Empty() => new(0, null, null, NoBody(), _ => new StoredRowReader(StoredRowGroup.None(_plan.Schema)));

    // A stored page's rows are already decoded into its row group: it owns no response body.
    private static ResponseBody NoBody() => ResponseBody.Unowned(Array.Empty<byte>(), 0);

    private static string Token(int file, int group) => file.ToString(CultureInfo.InvariantCulture) + ":" + group.ToString(CultureInfo.InvariantCulture);

    private static (int File, int Group) Parse(string? token)
    {
        if (token is null)
            return (0, 0);
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return (int.Parse(token.Substring(0, colon), CultureInfo.InvariantCulture), int.Parse(token.Substring(colon + 1), CultureInfo.InvariantCulture));
    }
}
