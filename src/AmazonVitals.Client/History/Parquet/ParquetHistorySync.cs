using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// <see cref="HistorySync"/> into Parquet partitions. Rows are split by the UTC date of their start
/// as they stream; nothing is committed until the whole query has been read, so a failed request
/// or a killed process leaves every stored date as it was, and the next sync fetches what is
/// missing. The server promises no row order, so a date's partition stays open until the end.
/// </summary>
internal sealed class ParquetHistorySync : HistorySync
{
    private readonly HistoryLayout _layout;
    private readonly HistorySyncPlan _plan;
    private readonly QueryPlan? _query;
    private readonly ParquetColumns? _columns;
    private readonly Dictionary<DateTime, PartitionWriter> _writers = new();
    private readonly PageRows? _page;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ParquetHistorySync(HistoryLayout layout, HistorySyncPlan plan)
    {
        _layout = layout;
        _plan = plan;
        _query = plan.Query;
        _columns = _query is null ? null : new ParquetColumns(_query.Schema);
        _page = _query is null ? null : new PageRows(_query.Schema);
    }

    public override async Task AddPageAsync(MetricPage page, CancellationToken cancellationToken)
    {
        Pages++;
        var rows = _page!;
        rows.Clear();
        using var reader = page.OpenRows();
        while (reader.Read())
            rows.Add(reader);
        Rows += rows.Count;
        var dates = rows.Dates();
        foreach (var date in dates)
        {
            var writer = WriterFor(date);
            await HistoryFiles.Guard(writer.StagedPath, () => writer.WriteAsync(rows, dates.Count == 1, page.RequestId, cancellationToken)).ConfigureAwait(false);
        }
    }

    public override async Task<HistorySyncResult> CommitAsync(int requests, CancellationToken cancellationToken)
    {
        int added = 0, revised = 0, unchanged = 0;
        if (_query is not null)
        {
            var fetchedAt = DateTime.UtcNow;
            HistoryTestPause.At("stage", _layout);
            for (var date = _query.Start.Date; date < _query.End; date = date.AddDays(1))
            {
                var utcDate = DateTime.SpecifyKind(date, DateTimeKind.Utc);
                var writer = WriterFor(utcDate);
                var checksum = await HistoryFiles.Guard(writer.StagedPath, () => writer.CompleteAsync(fetchedAt, cancellationToken)).ConfigureAwait(false);
                switch (await PlaceAsync(writer, checksum, cancellationToken).ConfigureAwait(false))
                {
                    case PartitionChangeKind.Added: added++; break;
                    case PartitionChangeKind.Revised: revised++; break;
                    default: unchanged++; break;
                }
                HistoryTestPause.At("commit", _layout);
            }
        }
        return HistorySyncResult.Create(_layout, _plan.PackageName, _plan.MetricSet, _plan.Period, (added, revised, unchanged), Rows, requests, _clock.Elapsed);
    }

    private async Task<PartitionChangeKind?> PlaceAsync(PartitionWriter writer, string checksum, CancellationToken cancellationToken)
    {
        var kind = await PartitionPlacement.PlaceAsync(_layout, _plan.PackageName, _plan.MetricSet, _plan.Period, writer.Date, writer.StagedPath,
            checksum, writer.Rows, writer.RequestIds, cancellationToken).ConfigureAwait(false);
        if (kind is null)
            File.Delete(writer.StagedPath);
        return kind;
    }

    private PartitionWriter WriterFor(DateTime date)
    {
        date = DateTime.SpecifyKind(date, DateTimeKind.Utc);
        if (_writers.TryGetValue(date, out var writer))
            return writer;
        var staged = Path.Combine(_layout.Staging, string.Join("-", _plan.PackageName, _plan.MetricSet, HistoryLayout.PeriodKey(_plan.Period),
            date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N")) + ".parquet.staged");
        writer = HistoryFiles.Guard(staged, () => new PartitionWriter(_columns!, date, staged));
        _writers.Add(date, writer);
        return writer;
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        // Placed partitions have left the staging folder; whatever is still staged is deleted.
        foreach (var writer in _writers.Values)
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _writers.Clear();
    }
}
