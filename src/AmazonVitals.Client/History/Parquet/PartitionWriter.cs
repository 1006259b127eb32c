using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Parquet;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// One date's staged Parquet file. Each page's rows of this date are written as one row group as
/// soon as the page is read (<see cref="WriteAsync"/>), so nothing of a date is held in memory
/// between pages.
/// </summary>
internal sealed class PartitionWriter : IAsyncDisposable
{
    private readonly ParquetColumns _columns;
    private readonly FileStream _file;
    private readonly RowChecksum _checksum = new();
    private readonly HashSet<string> _requestIds = new(StringComparer.Ordinal);
    private ParquetWriter? _writer;
    private bool _completed;

    public PartitionWriter(ParquetColumns columns, DateTime date, string stagedPath)
    {
        _columns = columns;
        Date = date;
        StagedPath = stagedPath;
        _file = new FileStream(stagedPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    public DateTime Date { get; }
    public string StagedPath { get; }
    public long Rows => _checksum.Rows;
    public IReadOnlyCollection<string> RequestIds => _requestIds;

    /// <summary>Writes this date's rows of a page as one row group.</summary>
    public async Task WriteAsync(PageRows page, bool wholePage, string? requestId, CancellationToken cancellationToken)
    {
        if (requestId is not null)
            _requestIds.Add(requestId);
        var (times, columns, count) = page.Gather(Date, _checksum, wholePage);
        var writer = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (count == 0)
            return;
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(_columns.StartTime, times.AsMemory(0, count), null, null, cancellationToken).ConfigureAwait(false);
        for (var c = 0; c < columns.Length; c++)
        {
            var field = _columns.Data[c];
            switch (columns[c])
            {
                case string?[] text:
                    await group.WriteAsync(field, new ArraySegment<string>(text!, 0, count), null).ConfigureAwait(false);
                    break;
                case long?[] counts:
                    await group.WriteAsync<long>(field, counts.AsMemory(0, count), null, null, cancellationToken).ConfigureAwait(false);
                    break;
                case double?[] rates:
                    await group.WriteAsync<double>(field, rates.AsMemory(0, count), null, null, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Writes the footer with the checksum and closes the staged file; returns the checksum.</summary>
    public async Task<string> CompleteAsync(DateTime fetchedAt, CancellationToken cancellationToken)
    {
        var writer = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var checksum = _checksum.Value;
        writer.CustomMetadata = PartitionMetadata.Write(checksum, _checksum.Rows, _requestIds, fetchedAt);
        await writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        _completed = true;
        return checksum;
    }

    private async Task<ParquetWriter> OpenAsync(CancellationToken cancellationToken) =>
        _writer ??= await ParquetWriter.CreateAsync(_columns.Schema, _file, _columns.WriteOptions(), false, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A staged file still here at the end was never placed (unfinished, or its sync failed before
    /// placing it): it is deleted, so only whole partitions ever leave the staging folder.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            if (_writer is not null)
            {
                try
                {
                    await _writer.DisposeAsync().ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // Being thrown away anyway: a footer that cannot be written changes nothing.
                }
            }
            await _file.DisposeAsync().ConfigureAwait(false);
        }
        File.Delete(StagedPath);
    }
}
