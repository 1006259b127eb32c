using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Emulator.Data;

/// <summary>
/// How one synthetic app's population is spread over the dimension values, and how much each value
/// raises or lowers its rates. Device counts and rates are products of per-dimension terms, so a row
/// over fewer dimensions is exactly the device-weighted combination of its parts (before a little
/// per-row noise): a health check that sums rows finds the totals agree. A package with a
/// <see cref="Coupling"/> replaces the versionCode and deviceModel terms by one term per pair of
/// values, which every row sums the same way (<see cref="VersionModelCells"/>).
/// </summary>
public sealed class PackageProfile
{
    private static readonly Dictionary<string, PackageProfile> Profiles = new(StringComparer.Ordinal)
    {
        [Catalog.TvApp] = new PackageProfile(1, Catalog.TvApp, 400_000, 1.0, tvShare: 0.96, fireOsShare: 0.82, NewestRelease.SlightlyBetter),
        [Catalog.TabletApp] = new PackageProfile(2, Catalog.TabletApp, 180_000, 1.3, tvShare: 0.05, fireOsShare: 0.98, NewestRelease.SlightlyBetter),
        [Catalog.RegressedApp] = new PackageProfile(3, Catalog.RegressedApp, 120_000, 0.9, tvShare: 0.7, fireOsShare: 0.88, NewestRelease.CrashesThreeTimes),
        // AFTMM and AFTKM hold a quarter of the older releases' devices and crash twice as often;
        // 151 reached them first, so they hold 45% of its devices: about 20% more crashes pooled.
        [Catalog.MixShiftApp] = new PackageProfile(4, Catalog.MixShiftApp, 150_000, 1.0, tvShare: 0.96, fireOsShare: 0.85, NewestRelease.Unchanged,
            models => VersionModelCoupling.MixShift(models, ["AFTMM", "AFTKM"], proneCrashFactor: 2.0, newestProneShare: 0.45)),
        // AFTKA, the largest model, holds about 30% of every release's devices.
        [Catalog.DriverApp] = new PackageProfile(5, Catalog.DriverApp, 150_000, 1.0, tvShare: 0.96, fireOsShare: 0.85, NewestRelease.Unchanged,
            _ => VersionModelCoupling.Driver("AFTKA", newestCrashFactor: 3.0)),
    };

    private readonly ConcurrentDictionary<string, SetProfile> _sets = new(StringComparer.Ordinal);

    private PackageProfile(int id, string name, double dailyDevices, double rateScale, double tvShare, double fireOsShare, NewestRelease newest,
        Func<double[], VersionModelCoupling>? coupling = null)
    {
        Id = id;
        Name = name;
        DailyDevices = dailyDevices;
        RateScale = rateScale;
        Newest = newest;
        Seed = StableHash.Of(name);

        // Newer versions hold more of the population: each release 1.6 times the one before.
        var versions = Normalise(Enumerable.Range(0, Catalog.VersionCodes.Count).Select(i => Math.Pow(1.6, i)));
        // A long tail: the first countries hold most users.
        var countries = Normalise(Enumerable.Range(0, Catalog.CountryCodes.Count).Select(i => 1.0 / Math.Pow(i + 1, 1.1)));
        // Fire TV models (AFT*) follow the TV share, tablet models (KF*) the rest.
        var models = Normalise(Catalog.DeviceModels.Select((m, i) =>
            (m.StartsWith("AFT", StringComparison.Ordinal) ? tvShare : 1 - tvShare) / Math.Pow((i % 10) + 1, 0.9)));
        var types = new[] { tvShare, 1 - tvShare };
        var oses = new[] { fireOsShare, 1 - fireOsShare };
        var osVersions = Normalise([0.10, 0.22, 0.33, 0.25, 0.10]);
        Shares = [versions, countries, models, types, oses, osVersions];
        Coupling = coupling?.Invoke(models);
    }

    public int Id { get; }

    public string Name { get; }

    /// <summary>Distinct devices on a typical day, across all dimension values.</summary>
    public double DailyDevices { get; }

    public double RateScale { get; }

    public NewestRelease Newest { get; }

    /// <summary>The newest release crashes three times as often: the issues give a release triage something to find.</summary>
    public bool IsRegressed => Newest == NewestRelease.CrashesThreeTimes;

    /// <summary>
    /// How versionCode and deviceModel interact, or null where every dimension acts on its own. When
    /// set, the device share of a (version, model) cell is not the product of the two shares below.
    /// </summary>
    public VersionModelCoupling? Coupling { get; }

    public ulong Seed { get; }

    /// <summary>
    /// Share of the population per dimension (index of <see cref="Catalog.Dimensions"/>) and value; each
    /// row sums to 1. With a <see cref="Coupling"/>, each version keeps its share, while deviceModel's
    /// row is the models' share before the coupling weighs them per version.
    /// </summary>
    public double[][] Shares { get; }

    public static PackageProfile? Find(string package) => Profiles.GetValueOrDefault(package);

    /// <summary>Keyed by name: a set the strict profile lists fewer metrics of shares its numbers with the inferred one.</summary>
    public SetProfile ForSet(MetricSetInfo set) => _sets.GetOrAdd(set.Name, _ => new SetProfile(this, set));

    /// <summary>Daily device total for a date: a gentle weekly swing.</summary>
    public double DevicesOn(DateOnly date) => DailyDevices * (1 + (0.06 * Math.Sin(date.DayNumber * 0.9)));

    private static double[] Normalise(IEnumerable<double> weights)
    {
        var array = weights.ToArray();
        var sum = array.Sum();
        return [.. array.Select(w => w / sum)];
    }
}

/// <summary>The per-value rate factors and base rates of one metric set in one package.</summary>
public sealed class SetProfile
{
    private readonly VersionModelCoupling? _coupling;

    internal SetProfile(PackageProfile package, MetricSetInfo set)
    {
        Package = package;
        SetName = set.Name;
        Seed = StableHash.Combine(package.Seed, StableHash.Of(set.Name));
        Factors = new double[Catalog.Dimensions.Count][];
        for (var d = 0; d < Catalog.Dimensions.Count; d++)
        {
            var values = Catalog.DimensionValues[d];
            Factors[d] = d == 0
                ? VersionFactors(package, set)
                : [.. values.Select(v => StableHash.Between(StableHash.Of(package.Name, set.Name, Catalog.Dimensions[d], v), 0.8, 1.25))];
        }

        var (baseRate, perceived) = set.Name switch
        {
            "crashMetricSet" => (0.0065, 0.55),
            "anrMetricSet" => (0.0035, 0.7),
            "lmkMetricSet" => (0.011, 0.4),
            _ => (0.045, 1.0),
        };
        BaseRate = baseRate * package.RateScale;
        PerceivedRatio = perceived;
        _coupling = IsCrashSet(set.Name) ? package.Coupling : null;
    }

    public PackageProfile Package { get; }

    /// <summary>The set's name only: profiles list different metrics of one set, and share this.</summary>
    public string SetName { get; }

    public ulong Seed { get; }

    /// <summary>Rate multiplier per dimension and value.</summary>
    public double[][] Factors { get; }

    public double BaseRate { get; }

    /// <summary>userPerceived* rates are this fraction of the plain rate.</summary>
    public double PerceivedRatio { get; }

    /// <summary>The package's version × model rate factor on this set: 1 unless the coupling touches it.</summary>
    public double PairFactor(int version, int model) => _coupling?.CrashFactor(version, model) ?? 1;

    /// <summary>Base rate of a metric: renderingMetricSet's two rates differ, the rate sets share one.</summary>
    public double BaseFor(MetricInfo metric) =>
        string.Equals(metric.Name, "frozenFrameRate", StringComparison.Ordinal) ? BaseRate / 12 : BaseRate;

    /// <summary>Rate swing by day, the same for every row of the day.</summary>
    public double DayFactor(DateOnly date) =>
        1 + (0.08 * Math.Sin((date.DayNumber * 0.7) + (Seed % 7))) + StableHash.Between(StableHash.Combine(Seed, (ulong)date.DayNumber), -0.03, 0.03);

    /// <summary>Mean day factor over the trailing window ending on the date, for the 7d/28d user-weighted rates.</summary>
    public double WindowFactor(DateOnly date, int days)
    {
        var sum = 0.0;
        for (var i = 0; i < days; i++)
        {
            sum += DayFactor(date.AddDays(-i));
        }

        return sum / days;
    }

    /// <summary>
    /// Each release is a little better than the one before. The newest is about equal to or better
    /// than the previous one, crashes three times as often (the regressed app, crash set only), or
    /// rates exactly as the previous one, so that a coupling alone says how it differs.
    /// </summary>
    private static double[] VersionFactors(PackageProfile package, MetricSetInfo set)
    {
        var count = Catalog.VersionCodes.Count;
        var factors = new double[count];
        for (var i = 0; i < count; i++)
        {
            factors[i] = 1.2 - (0.025 * i) + StableHash.Between(StableHash.Of(package.Name, set.Name, "version", Catalog.VersionCodes[i]), -0.02, 0.02);
        }

        factors[count - 1] = package.Newest switch
        {
            NewestRelease.Unchanged => factors[count - 2],
            NewestRelease.CrashesThreeTimes when IsCrashSet(set.Name) => factors[count - 2] * 3.0,
            _ => factors[count - 2] * 0.96,
        };
        return factors;
    }

    private static bool IsCrashSet(string setName) => string.Equals(setName, "crashMetricSet", StringComparison.Ordinal);
}

/// <summary>What a package's newest release does to its rates, against the release before it.</summary>
public enum NewestRelease
{
    /// <summary>About 4 % better on every set: a healthy app.</summary>
    SlightlyBetter,

    /// <summary>Crashes three times as often; the other sets as <see cref="SlightlyBetter"/>.</summary>
    CrashesThreeTimes,

    /// <summary>The same rates as the previous release, so that only a <see cref="VersionModelCoupling"/> sets them apart.</summary>
    Unchanged,
}
