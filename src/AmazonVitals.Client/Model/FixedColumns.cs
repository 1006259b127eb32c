using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>
/// The columns every output row has before its dimensions and metrics. Named here, below the
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

    /// <summary>AmazonVitals.MetricRow, in order.</summary>
    public static IReadOnlyList<string> MetricRow { get; } = new[] { PackageName, MetricSet, AggregationPeriod, StartTime };

    /// <summary>AmazonVitals.Issue, in order.</summary>
    public static IReadOnlyList<string> Issue { get; } =
        new[] { PackageName, ReportType, CrashDescriptor, ReportText, ErrorEventCount, AffectedDeviceCount };
}
