using System;
using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Emulator.Data;

/// <summary>The fixed names the emulator knows: packages, metric sets, metrics, dimensions and their values.</summary>
public static class Catalog
{
    public const string TvApp = "com.example.tvapp";
    public const string TabletApp = "com.example.tablet";
    public const string RegressedApp = "com.example.regressed";
    public const string MixShiftApp = "com.example.mixshift";
    public const string DriverApp = "com.example.driver";
    public const string NoDataApp = "com.example.nodata";

    public const string IssuesSet = "issuesMetricSet";

    /// <summary>Packages that answer with data; <see cref="NoDataApp"/> is known but has none (404).</summary>
    public static IReadOnlyList<string> DataPackages { get; } = [TvApp, TabletApp, RegressedApp, MixShiftApp, DriverApp];

    public static IReadOnlyList<string> Dimensions { get; } =
        ["versionCode", "countryCode", "deviceModel", "deviceType", "deviceOS", "osVersion"];

    public const int MaxDimensionsPerQuery = 5;

    /// <summary>Oldest first, so index 9 ("151") is the newest release.</summary>
    public static IReadOnlyList<string> VersionCodes { get; } =
        ["142", "143", "144", "145", "146", "147", "148", "149", "150", "151"];

    public static string NewestVersionCode => VersionCodes[^1];

    public static string PreviousVersionCode => VersionCodes[^2];

    public static IReadOnlyList<string> CountryCodes { get; } =
        ["US", "GB", "DE", "JP", "IN", "CA", "FR", "IT", "ES", "BR", "MX", "AU", "NL", "SE", "PL", "AT", "BE", "IE", "CH", "NZ"];

    public static IReadOnlyList<string> DeviceModels { get; } =
        ["AFTKA", "AFTMM", "AFTSSS", "AFTKM", "AFTSS", "AFTT", "AFTN", "AFTR", "AFTA", "AFTKRT",
         "KFTRWI", "KFTRPWI", "KFSNWI", "KFMAWI", "KFONWI", "KFRAWI", "KFRAPWI", "KFQUWI", "KFTUWI", "KFGIWI"];

    public static IReadOnlyList<string> DeviceTypes { get; } = ["AMAZON_FIRE_TV", "AMAZON_TABLETS"];

    public static IReadOnlyList<string> DeviceOses { get; } = ["FIRE_OS", "VEGA_OS"];

    public static IReadOnlyList<string> OsVersions { get; } = ["7.6.9.1", "7.7.0.3", "8.1.2.4", "8.2.0.1", "1.1.3.0"];

    /// <summary>Values of each dimension, indexed like <see cref="Dimensions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> DimensionValues { get; } =
        [VersionCodes, CountryCodes, DeviceModels, DeviceTypes, DeviceOses, OsVersions];

    public static int DimensionIndex(string name)
    {
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (string.Equals(Dimensions[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public static IReadOnlyList<MetricSetInfo> MetricSets { get; } =
    [
        RateSet("crashMetricSet", "crash", "Crash", "crashCount"),
        RateSet("anrMetricSet", "anr", "Anr", "anrCount"),
        RateSet("lmkMetricSet", "lmk", "Lmk", "lmkCount"),
        new MetricSetInfo("renderingMetricSet", MetricSetKind.Rendering,
        [
            new MetricInfo("slowFrameRate", MetricKind.Rate, Window.None, false),
            new MetricInfo("frozenFrameRate", MetricKind.Rate, Window.None, false),
            new MetricInfo("distinctDevices", MetricKind.Devices, Window.None, false),
        ]),
        new MetricSetInfo(IssuesSet, MetricSetKind.Issues,
        [
            new MetricInfo("errorEventCount", MetricKind.Count, Window.None, false),
            new MetricInfo("affectedDeviceCount", MetricKind.Devices, Window.None, false),
        ]),
    ];

    /// <summary>
    /// The sets as far as the reference names them, for the strict profile. crashMetricSet keeps the
    /// list of the reference's freshness example. Of the ANR and LMK sets only the metrics the
    /// reference and api-notes name outright: the rest of the crash pattern is "partly inferred".
    /// </summary>
    public static IReadOnlyList<MetricSetInfo> ReferenceMetricSets { get; } =
    [
        .. MetricSets.Select(set => set.Name switch
        {
            "anrMetricSet" => set.Only("anrRate", "distinctDevices", "anrCount"),
            "lmkMetricSet" => set.Only("lmkRate", "lmkRate7dUserWeighted", "lmkRate28dUserWeighted", "distinctDevices", "lmkCount"),
            _ => set,
        }),
    ];

    public static bool IsKnownPackage(string package) =>
        string.Equals(package, NoDataApp, StringComparison.Ordinal) || DataPackages.Contains(package, StringComparer.Ordinal);

    private static MetricSetInfo RateSet(string name, string lower, string upper, string countName) =>
        new(name, MetricSetKind.Rate,
        [
            new MetricInfo($"{lower}Rate", MetricKind.Rate, Window.None, false),
            new MetricInfo($"{lower}Rate7dUserWeighted", MetricKind.Rate, Window.Days7, false),
            new MetricInfo($"{lower}Rate28dUserWeighted", MetricKind.Rate, Window.Days28, false),
            new MetricInfo($"userPerceived{upper}Rate", MetricKind.Rate, Window.None, true),
            new MetricInfo($"userPerceived{upper}Rate7dUserWeighted", MetricKind.Rate, Window.Days7, true),
            new MetricInfo($"userPerceived{upper}Rate28dUserWeighted", MetricKind.Rate, Window.Days28, true),
            new MetricInfo("distinctDevices", MetricKind.Devices, Window.None, false),
            new MetricInfo(countName, MetricKind.Count, Window.None, false),
        ]);
}

public enum MetricSetKind
{
    Rate,
    Rendering,
    Issues,
}

public enum MetricKind
{
    Rate,
    Devices,
    Count,
}

/// <summary>The trailing window a user-weighted rate averages over; those exist only for DAILY.</summary>
public enum Window
{
    None = 1,
    Days7 = 7,
    Days28 = 28,
}

public sealed record MetricInfo(string Name, MetricKind Kind, Window Window, bool UserPerceived);

public sealed record MetricSetInfo(string Name, MetricSetKind Kind, IReadOnlyList<MetricInfo> Metrics)
{
    public IEnumerable<string> MetricNames => Metrics.Select(m => m.Name);

    public MetricInfo? FindMetric(string name) =>
        Metrics.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>The same set listing only the named metrics, in the set's order.</summary>
    public MetricSetInfo Only(params string[] names) =>
        this with { Metrics = [.. Metrics.Where(m => names.Contains(m.Name, StringComparer.Ordinal))] };
}
