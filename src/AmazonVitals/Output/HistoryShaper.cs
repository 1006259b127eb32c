using System.Management.Automation;
using AmazonVitals.Client.History;

namespace AmazonVitals.Output;

/// <summary>Sync-VitalsHistory's summary: one flat object per package and set, for Format-Table and Export-Csv alike.</summary>
internal static class HistoryShaper
{
    public const string SyncTypeName = "AmazonVitals.HistorySync";

    public static PSObject Shape(HistorySyncResult result)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, SyncTypeName);
        o.Properties.Add(new PSNoteProperty("PackageName", result.PackageName));
        o.Properties.Add(new PSNoteProperty("MetricSet", result.MetricSet));
        o.Properties.Add(new PSNoteProperty("AggregationPeriod", result.AggregationPeriod));
        o.Properties.Add(new PSNoteProperty("DatesAdded", result.DatesAdded));
        o.Properties.Add(new PSNoteProperty("DatesRevised", result.DatesRevised));
        o.Properties.Add(new PSNoteProperty("DatesUnchanged", result.DatesUnchanged));
        o.Properties.Add(new PSNoteProperty("Rows", result.Rows));
        o.Properties.Add(new PSNoteProperty("Requests", result.Requests));
        o.Properties.Add(new PSNoteProperty("Duration", result.Duration));
        o.Properties.Add(new PSNoteProperty("OldestDate", result.OldestDate));
        o.Properties.Add(new PSNoteProperty("NewestDate", result.NewestDate));
        o.Properties.Add(new PSNoteProperty("Path", result.Path));
        return o;
    }
}
