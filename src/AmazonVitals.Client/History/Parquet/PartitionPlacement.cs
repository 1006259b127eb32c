using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>The one rule for putting a finished partition in place, for rates and issues alike.</summary>
internal static class PartitionPlacement
{
    /// <summary>
    /// Moves a staged partition over the stored one unless the stored one has the same checksum
    /// (then the staged file is left for the caller to delete), and logs what changed. Returns
    /// Added, Revised, or null for unchanged.
    /// </summary>
    public static async Task<PartitionChangeKind?> PlaceAsync(HistoryLayout layout, string package, string metricSet, AggregationPeriod period, DateTime date,
        string staged, string checksum, long rows, IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken)
    {
        var target = layout.PartitionFile(package, metricSet, period, date);
        string? before = null;
        long? rowsBefore = null;
        var kind = File.Exists(target) ? PartitionChangeKind.Revised : PartitionChangeKind.Added;
        if (kind == PartitionChangeKind.Revised)
        {
            (before, rowsBefore) = await PartitionMetadata.ReadAsync(target, cancellationToken).ConfigureAwait(false);
            if (before == checksum)
                return null;
        }
        HistoryFiles.Guard(target, () => HistoryFiles.Replace(staged, target));
        HistoryFiles.Guard(layout.RevisionLog, () => RevisionLog.Append(layout, new PartitionChange(kind, package, metricSet,
            HistoryLayout.PeriodKey(period), date, rowsBefore, rows, before, checksum, requestIds)));
        return kind;
    }
}
