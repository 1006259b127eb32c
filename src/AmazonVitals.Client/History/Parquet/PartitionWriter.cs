using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;
using Parquet;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// One date's rows on their way to a staged Parquet file. Rows are buffered only until the page
/// they came from is done (<see cref="FlushAsync"/> writes them as a row group), so memory follows
/// a page, never the range a sync covers.
/// </summary>
internal sealed class PartitionWriter : IAsyncDisposable
{
    private readonly ParquetColumns _columns;
    private readonly FileStream _file;
    private readonly RowChecksum _checksum = new();
    private readonly HashSet<string> _requestIds = new(StringComparer.Ordinal);
    private readonly List<DateTime> _startTimes = new();
    private readonly List<string?>[] _text;
    private readonly List<long?>[] _counts;
    private readonly List<double?>[] _rates;
    private ParquetWriter? _writer;
    private bool _completed;

    public PartitionWriter(ParquetColumns columns, DateTime date, string stagedPath)
    {
        _columns = columns;
        Date = date;
        StagedPath = stagedPath;
        var n = columns.Rows.Columns.Count;
        _text = new List<string?>[n];
        _counts = new List<long?>[n];
        _rates = new List<double?>[n];
        for (var c = 0; c < n; c++)
        {
            switch (columns.Rows.KindOf(c))
            {
                case ColumnKind.Text: _text[c] = new List<string?>(); break;
                case ColumnKind.Count: _counts[c] = new List<long?>(); break;
                default: _rates[c] = new List<double?>(); break;
            }
        }
        _file = new FileStream(stagedPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    public DateTime Date { get; }
    public string StagedPath { get; }
    public long Rows => _checksum.Rows;
    public IReadOnlyCollection<string> RequestIds => _requestIds;

    /// <summary>Takes the reader's current row.</summary>
    public void Add(MetricRowReader row, string? requestId)
    {
        if (requestId is not null)
            _requestIds.Add(requestId);
        _checksum.Add(row);
        _startTimes.Add(row.StartTime);
        for (var c = 0; c < _text.Length; c++)
        {
            var present = row.HasValue(c);
            if (_text[c] is { } text)
                text.Add(row.GetText(c));
            else if (_counts[c] is { } counts)
                counts.Add(present ? row.GetCount(c) : null);
            else
                _rates[c].Add(present ? row.GetRate(c) : null);
        }
    }

    /// <summary>Writes the rows buffered since the last flush as one row group.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var writer = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_startTimes.Count == 0)
            return;
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<DateTime>(_columns.StartTime, _startTimes.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < _text.Length; c++)
            {
                var field = _columns.Data[c];
                if (_text[c] is { } text)
                    await group.WriteAsync(field, text.ToArray(), null).ConfigureAwait(false);
                else if (_counts[c] is { } counts)
                    await group.WriteAsync<long>(field, counts.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                else
                    await group.WriteAsync<double>(field, _rates[c].ToArray(), null, null, cancellationToken).ConfigureAwait(false);
            }
        }
        _startTimes.Clear();
        foreach (var list in _text) list?.Clear();
        foreach (var list in _counts) list?.Clear();
        foreach (var list in _rates) list?.Clear();
    }

    /// <summary>Flushes, writes the footer with the checksum and closes the staged file; returns the checksum.</summary>
    public async Task<string> CompleteAsync(DateTime fetchedAt, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var checksum = _checksum.Value;
        _writer!.CustomMetadata = PartitionMetadata.Write(checksum, _checksum.Rows, _requestIds, fetchedAt);
        await _writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        _completed = true;
        return checksum;
    }

    private async Task<ParquetWriter> OpenAsync(CancellationToken cancellationToken) =>
        _writer ??= await ParquetWriter.CreateAsync(_columns.Schema, _file, null, false, cancellationToken).ConfigureAwait(false);

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
