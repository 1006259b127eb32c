using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace AmazonVitals.Client.History;

/// <summary>
/// The dataset's audit trail: one JSON line per partition written, added or revised, with the
/// rows and checksums before and after and the requestIds of the pages the rows came from, so
/// every revision of a provisional date can be traced back to the answers that caused it.
/// </summary>
internal static class RevisionLog
{
    public static void Append(HistoryLayout layout, PartitionChange change)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("time", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("change", change.Kind == PartitionChangeKind.Added ? "added" : "revised");
            w.WriteString("package", change.PackageName);
            w.WriteString("metricSet", change.MetricSet);
            w.WriteString("period", change.Period);
            w.WriteString("date", change.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (change.RowsBefore is { } before)
                w.WriteNumber("rowsBefore", before);
            else
                w.WriteNull("rowsBefore");
            w.WriteNumber("rowsAfter", change.RowsAfter);
            w.WriteString("checksumBefore", change.ChecksumBefore);
            w.WriteString("checksumAfter", change.ChecksumAfter);
            w.WriteStartArray("requestIds");
            foreach (var id in change.RequestIds)
                w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        // One write of a whole line in append mode: a crash leaves at most a last line cut short,
        // which a reader of JSON Lines skips, never a line mixed with another.
        using var log = new FileStream(layout.RevisionLog, FileMode.Append, FileAccess.Write, FileShare.Read);
        log.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        log.Flush(flushToDisk: true);
    }
}

public enum PartitionChangeKind
{
    Added,
    Revised,
}

/// <summary>One partition written by a sync: a date that was missing, or a stored date whose rows changed.</summary>
internal sealed record PartitionChange(PartitionChangeKind Kind, string PackageName, string MetricSet, string Period, DateTime Date,
    long? RowsBefore, long RowsAfter, string? ChecksumBefore, string ChecksumAfter, IReadOnlyCollection<string> RequestIds);
