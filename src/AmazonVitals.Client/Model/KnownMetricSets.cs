using System;
using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Client.Model;

/// <summary>
/// The V1 metric sets and dimensions we know of. They are hints for completion and for early
/// checks only: the freshness endpoint is the authority, and unknown names are passed through so
/// that sets Amazon adds later work without an update.
/// </summary>
public static class KnownMetricSets
{
    public const string Crash = "crashMetricSet";
    public const string Anr = "anrMetricSet";
    public const string Lmk = "lmkMetricSet";
    public const string Issues = "issuesMetricSet";

    /// <summary>The three rate sets, the default of Get-VitalsFreshness.</summary>
    public static IReadOnlyList<string> RateSets { get; } = new[] { Crash, Anr, Lmk };

    /// <summary>Every set we know, rate sets first.</summary>
    public static IReadOnlyList<string> All { get; } = new[] { Crash, Anr, Lmk, Issues };

    public static IReadOnlyList<string> Dimensions { get; } =
        new[] { "versionCode", "countryCode", "deviceModel", "deviceType", "deviceOS", "osVersion" };

    /// <summary>The most dimensions one query may ask for.</summary>
    public const int MaxDimensions = 5;

    private static readonly Dictionary<string, string[]> s_metrics = new(StringComparer.Ordinal)
    {
        [Crash] = RateMetrics("crash"),
        [Anr] = RateMetrics("anr"),
        [Lmk] = RateMetrics("lmk"),
        [Issues] = new[] { "errorEventCount", "affectedDeviceCount" },
    };

    /// <summary>The known metrics of a set, or an empty list for a set we don't know.</summary>
    public static IReadOnlyList<string> MetricsOf(string metricSet) =>
        s_metrics.TryGetValue(metricSet, out var metrics) ? metrics : Array.Empty<string>();

    /// <summary>
    /// 7-day and 28-day user-weighted metrics exist only for Daily data. The rule is by name, so
    /// it also covers sets we don't know.
    /// </summary>
    public static bool IsDailyOnly(string metric) =>
        metric.EndsWith("7dUserWeighted", StringComparison.OrdinalIgnoreCase)
        || metric.EndsWith("28dUserWeighted", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Counts are whole numbers (Int64), everything else is a rate (Double). Decided by name, so a
    /// column has one type for every row of a query.
    /// </summary>
    public static bool IsCount(string metric) =>
        metric.EndsWith("Count", StringComparison.Ordinal)
        || metric.EndsWith("Devices", StringComparison.Ordinal);

    private static string[] RateMetrics(string prefix)
    {
        var cap = char.ToUpperInvariant(prefix[0]) + prefix.Substring(1);
        return new[]
        {
            prefix + "Rate", prefix + "Rate7dUserWeighted", prefix + "Rate28dUserWeighted",
            "userPerceived" + cap + "Rate", "userPerceived" + cap + "Rate7dUserWeighted", "userPerceived" + cap + "Rate28dUserWeighted",
            "distinctDevices", prefix + "Count",
        }.ToArray();
    }
}
