using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Client.Model;

/// <summary>
/// The names of the columns every output row has before its dimensions and metrics. Named here, below the
/// cmdlets, so a query whose dimension or metric would take one of these names is refused before
/// it is sent (PowerShell property names ignore case, so it would collide on the object).
/// </summary>
public static class FixedColumns
{
    public const string PackageName = "PackageName";
    public const string MetricSet = "MetricSet";
    public const string AggregationPeriod = "AggregationPeriod";
    public const string StartTime = "StartTime";
    public const string ReportType = "ReportType";
    public const string CrashDescriptor = "CrashDescriptor";
    public const string ReportText = "ReportText";
    public const string ErrorEventCount = "ErrorEventCount";
    public const string AffectedDeviceCount = "AffectedDeviceCount";

    /// <summary>The names of AmazonVitals.MetricRow's fixed columns, in order (the columns themselves: <see cref="RowColumn.MetricRowFixed"/>).</summary>
    public static IReadOnlyList<string> MetricRow { get; } = RowColumn.MetricRowFixed.Select(column => column.Name).ToArray();

    /// <summary>AmazonVitals.Issue, in order.</summary>
    public static IReadOnlyList<string> Issue { get; } =
        new[] { PackageName, ReportType, CrashDescriptor, ReportText, ErrorEventCount, AffectedDeviceCount };
}
