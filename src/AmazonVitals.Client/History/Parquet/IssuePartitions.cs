using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Model;
using Parquet;
using Parquet.Schema;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// Sync-VitalsHistory -IncludeIssues: each date's top crash and ANR issues, with their traces, in
/// one partition per date under metricSet=issuesMetricSet. The issues set ranks over its whole
/// window, so a day's top issues take one query per date and report type; they are few and small,
/// so a date's partition is written whole, then placed as a rate partition is (same checksum rule,
/// same log).
/// </summary>
internal static class IssuePartitions
{
    private static readonly DateTimeDataField StartTime = new(FixedColumns.StartTime, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
    private static readonly DataField ReportTypeField = new("reportType", typeof(string), isNullable: false);
    private static readonly DataField Rank = new("rank", typeof(long), isNullable: false);
    private static readonly DataField Descriptor = new("crashDescriptor", typeof(string), isNullable: true);
    private static readonly DataField Text = new("reportText", typeof(string), isNullable: true);
    private static readonly DataField Events = new("errorEventCount", typeof(long), isNullable: true);
    private static readonly DataField Devices = new("affectedDeviceCount", typeof(long), isNullable: true);
    private static readonly ParquetSchema Schema = new(StartTime, ReportTypeField, Rank, Descriptor, Text, Events, Devices);

    public static async Task<HistorySyncResult> SyncAsync(HistoryLayout layout, VitalsClient client, HistoryIssuesPlan plan, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int added = 0, revised = 0, unchanged = 0, requests = HistoryIssuesPlan.FreshnessRequests;
        long rows = 0;
        foreach (var date in plan.Dates)
        {
            var issues = new List<(ReportType Type, IssueRow Row, string? RequestId)>();
            foreach (var type in new[] { ReportType.Crash, ReportType.Anr })
            {
                var query = new IssueQuery(plan.PackageName, type) { Start = date, End = date.AddDays(1), PageSize = plan.Top };
                var planned = await client.PlanAsync(query, plan.Top, trace, cancellationToken).ConfigureAwait(false);
                using var pages = client.OpenIssues(planned, trace, cancellationToken);
                // The first page holds the top issues in the server's ranking; the rest is the tail.
                if (await pages.ReadAsync().ConfigureAwait(false) is { } page)
                    issues.AddRange(page.Rows.Take(plan.Top).Select(r => (type, r, page.RequestId)));
                requests++;
            }
            rows += issues.Count;
            switch (await WriteAndPlaceAsync(layout, plan.PackageName, date, issues, cancellationToken).ConfigureAwait(false))
            {
                case PartitionChangeKind.Added: added++; break;
                case PartitionChangeKind.Revised: revised++; break;
                default: unchanged++; break;
            }
        }
        return HistorySyncResult.Create(layout, plan.PackageName, KnownMetricSets.Issues, AggregationPeriod.Daily, (added, revised, unchanged), rows, requests, clock.Elapsed);
    }

    private static async Task<PartitionChangeKind?> WriteAndPlaceAsync(HistoryLayout layout, string package, DateTime date,
        List<(ReportType Type, IssueRow Row, string? RequestId)> issues, CancellationToken cancellationToken)
    {
        var checksum = new RowChecksum();
        var ranks = new long[issues.Count];
        var crashes = 0L;
        var anrs = 0L;
        for (var i = 0; i < issues.Count; i++)
        {
            ranks[i] = issues[i].Type == ReportType.Crash ? ++crashes : ++anrs;
            checksum.Add(Hash(issues[i].Type, ranks[i], issues[i].Row));
        }
        var staged = Path.Combine(layout.Staging, package + "-issues-" + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N") + ".parquet.staged");
        var requestIds = issues.Select(x => x.RequestId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        await HistoryFiles.Guard(staged, async () =>
        {
            using var file = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            var writer = await ParquetWriter.CreateAsync(Schema, file, ParquetColumns.Options(), false, cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                writer.CustomMetadata = PartitionMetadata.Write(checksum.Value, checksum.Rows, requestIds, DateTime.UtcNow);
                if (issues.Count > 0)
                {
                    using var group = writer.CreateRowGroup();
                    await group.WriteAsync<DateTime>(StartTime, issues.Select(_ => date).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync(ReportTypeField, issues.Select(x => x.Type == ReportType.Crash ? "CRASH" : "ANR").ToArray(), null).ConfigureAwait(false);
                    await group.WriteAsync<long>(Rank, ranks, null, null, cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync(Descriptor, issues.Select(x => x.Row.CrashDescriptor).ToArray()!, null).ConfigureAwait(false);
                    await group.WriteAsync(Text, issues.Select(x => x.Row.ReportText).ToArray()!, null).ConfigureAwait(false);
                    await group.WriteAsync<long>(Events, issues.Select(x => x.Row.ErrorEventCount).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync<long>(Devices, issues.Select(x => x.Row.AffectedDeviceCount).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                }
            }
            file.Flush(flushToDisk: true);
            return 0;
        }).ConfigureAwait(false);
        try
        {
            return await PartitionPlacement.PlaceAsync(layout, package, KnownMetricSets.Issues, AggregationPeriod.Daily, date, staged, checksum.Value, checksum.Rows, requestIds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    private static ulong Hash(ReportType type, long rank, IssueRow row) =>
        RowChecksum.Hash(type.ToString(), rank.ToString(CultureInfo.InvariantCulture), row.CrashDescriptor, row.ReportText,
            row.ErrorEventCount?.ToString(CultureInfo.InvariantCulture), row.AffectedDeviceCount?.ToString(CultureInfo.InvariantCulture));
}
