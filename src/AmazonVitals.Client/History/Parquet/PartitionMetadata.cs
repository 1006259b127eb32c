using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Parquet;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// What a partition file says about itself in its footer's key-value metadata: the checksum of its
/// rows, their count, the requestIds they came from and when. A sync compares checksums from the
/// footer alone, so an unchanged date costs no read of its rows.
/// </summary>
internal static class PartitionMetadata
{
    private const string ChecksumKey = "amazonvitals.checksum";
    private const string RowsKey = "amazonvitals.rows";
    private const string RequestIdsKey = "amazonvitals.requestIds";
    private const string FetchedAtKey = "amazonvitals.fetchedAt";

    public static Dictionary<string, string> Write(string checksum, long rows, IEnumerable<string> requestIds, DateTime fetchedAt) => new(StringComparer.Ordinal)
    {
        [ChecksumKey] = checksum,
        [RowsKey] = rows.ToString(CultureInfo.InvariantCulture),
        [RequestIdsKey] = string.Join(",", requestIds.OrderBy(id => id, StringComparer.Ordinal)),
        [FetchedAtKey] = fetchedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    /// <summary>The checksum and row count of a stored partition, or nulls when it has none (not written by this module).</summary>
    public static async Task<(string? Checksum, long? Rows)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var reader = await ParquetReader.CreateAsync(stream, ParquetColumns.Options(), false, cancellationToken).ConfigureAwait(false);
        await using var _ = reader.ConfigureAwait(false);
        var metadata = reader.CustomMetadata;
        long? rows = metadata.TryGetValue(RowsKey, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return (metadata.TryGetValue(ChecksumKey, out var checksum) ? checksum : null, rows);
    }
}
