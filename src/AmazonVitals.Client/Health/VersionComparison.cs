using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AmazonVitals.Client.Health;

/// <summary>
/// One pair of versions compared on the devices they share: the newest and the previous version of
/// one or more device families (deviceType). Apps that ship one APK per family have one comparison
/// per family; a TV build is never compared with a tablet build.
/// </summary>
public sealed class VersionComparison
{
    /// <summary>The deviceType values this pair runs on; empty when the rows have no deviceType.</summary>
    public IReadOnlyList<string> Families { get; internal init; } = Array.Empty<string>();
    public string NewVersion { get; internal init; } = "";
    public string PreviousVersion { get; internal init; } = "";
    public double NewVersionDailyDevices { get; internal init; }
    public double PreviousVersionDailyDevices { get; internal init; }
    /// <summary>The mix-adjusted comparison itself: change, interval, p-value, days, strata.</summary>
    public VersionContrast Contrast { get; internal init; } = null!;
    public HealthVerdict Verdict { get; internal init; }
    /// <summary>The confidence this pair was judged at: the check's, divided among the pairs (Bonferroni).</summary>
    public double Confidence { get; internal init; }
    /// <summary>The mix-adjusted relative change of the newest version (0.25 = 25% worse per device).</summary>
    public double? Change => Contrast.Change;
    public double? ChangeLow => Contrast.ChangeLow;
    public double? ChangeHigh => Contrast.ChangeHigh;
    /// <summary>The pooled change over the same days, device mix ignored.</summary>
    public double? RawChange => Contrast.RawChange;
    public double? PValue => Contrast.PValue;
    public int Days => Contrast.Days;
    /// <summary>The slices that carry a Regressed or Improved change, most excess events first; empty otherwise.</summary>
    public IReadOnlyList<HealthDriver> Drivers { get; internal init; } = Array.Empty<HealthDriver>();

    /// <summary>"AMAZON_FIRE_TV" or "AMAZON_FIRE_TV, AMAZON_TABLETS", or "all devices".</summary>
    public string FamilyText => Families.Count == 0 ? "all devices" : string.Join(", ", Families);

    public override string ToString() => Messages.HealthComparisonSummary(this);
}

/// <summary>
/// A slice (one deviceModel or one osVersion) that carries a version change: its own mix-adjusted
/// change and interval, its p-value adjusted for the number of slices tried (Benjamini–Hochberg),
/// and its share of the comparison's excess events.
/// </summary>
public sealed class HealthDriver
{
    /// <summary>deviceModel or osVersion.</summary>
    public string Dimension { get; internal init; } = "";
    public string Value { get; internal init; } = "";
    public double? Change { get; internal init; }
    public double? ChangeLow { get; internal init; }
    public double? ChangeHigh { get; internal init; }
    public double? PValue { get; internal init; }
    /// <summary>The Benjamini–Hochberg adjusted p-value (q-value) over every slice tried for the measure.</summary>
    public double? AdjustedPValue { get; internal init; }
    /// <summary>The newest version's affected device-days in the slice less what the previous version's rates predict.</summary>
    public double ExcessEvents { get; internal init; }
    /// <summary>ExcessEvents ÷ the comparison's: the share of the change this slice carries (may exceed 1 when other slices offset it).</summary>
    public double ExcessShare { get; internal init; }
    /// <summary>The newest version's share of device-days that fall in this slice.</summary>
    public double DeviceShare { get; internal init; }
    public double? NewRate { get; internal init; }
    public double? PreviousRate { get; internal init; }
    /// <summary>
    /// The slice's interval lies beyond the whole comparison's change: the change is concentrated
    /// here. False when every slice moves alike, where the top driver is only the biggest slice.
    /// </summary>
    public bool StandsOut { get; internal init; }

    public override string ToString() => Messages.HealthDriverSummary(this);
}

/// <summary>
/// Builds the comparisons of one measure: the version pair of each device family, the strata, the
/// contrasts and the drivers. Pure: rows in, comparisons out.
/// </summary>
public static class VersionComparisons
{
    /// <summary>A deviceModel and osVersion, or a deviceModel, is a stratum of its own when each version has at least this many affected device-days in it; sparser ones are pooled by model, then by deviceType.</summary>
    public const double MinStratumEvents = 10;
    /// <summary>A slice is tried as a driver when each version has at least this many affected device-days in it.</summary>
    public const double MinSliceEvents = 10;
    /// <summary>The slices the drivers are looked for in.</summary>
    public static IReadOnlyList<string> DriverDimensions { get; } = new[] { "deviceModel", "osVersion" };

    /// <summary>
    /// The comparisons of a measure. <paramref name="settledWindowRows"/> choose each family's
    /// versions; <paramref name="comparedRows"/> (every settled date the query holds, baseline
    /// included) are compared on the dates both versions share.
    /// </summary>
    public static IReadOnlyList<VersionComparison> Build(IReadOnlyList<VersionDayRow> settledWindowRows, IReadOnlyList<VersionDayRow> comparedRows, HealthPolicy policy)
    {
        var pairs = new List<(List<string> Families, VersionDevices New, VersionDevices Previous)>();
        foreach (var family in settledWindowRows.GroupBy(r => r.DeviceType ?? "", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (newVersion, previous) = HealthEvaluator.SelectVersions(family, policy.MinDevices);
            if (newVersion is null || previous is null)
                continue;
            var same = pairs.FindIndex(p => p.New.VersionCode == newVersion.VersionCode && p.Previous.VersionCode == previous.VersionCode);
            if (same >= 0)
                pairs[same].Families.Add(family.Key);
            else
                pairs.Add((new List<string> { family.Key }, newVersion, previous));
        }
        // Each pair is a test of its own: share the false-alarm rate among them (Bonferroni).
        var confidence = 1 - ((1 - policy.Confidence) / Math.Max(1, pairs.Count));
        return pairs.Select(p => Compare(p.Families, p.New, p.Previous, settledWindowRows, comparedRows, confidence, policy.MinChange)).ToList();
    }

    private static VersionComparison Compare(List<string> families, VersionDevices newVersion, VersionDevices previous,
        IReadOnlyList<VersionDayRow> settledWindowRows, IReadOnlyList<VersionDayRow> comparedRows, double confidence, double minChange)
    {
        var familySet = new HashSet<string>(families, StringComparer.Ordinal);
        var rows = comparedRows.Where(r => familySet.Contains(r.DeviceType ?? "") && r.Rate is not null && r.DistinctDevices is > 0
            && (r.VersionCode == newVersion.VersionCode || r.VersionCode == previous.VersionCode)).ToList();
        var stratumOf = StratumRule(rows, newVersion.VersionCode);
        var contrast = VersionContrast.Estimate(Cells(rows, newVersion.VersionCode, stratumOf), confidence);
        var verdict = contrast.Verdict(minChange);
        var window = settledWindowRows.Where(r => familySet.Contains(r.DeviceType ?? "")).ToList();
        return new VersionComparison
        {
            Families = families.Where(f => f.Length > 0).ToList(),
            NewVersion = newVersion.VersionCode,
            PreviousVersion = previous.VersionCode,
            NewVersionDailyDevices = MeanDaily(window, newVersion.VersionCode),
            PreviousVersionDailyDevices = MeanDaily(window, previous.VersionCode),
            Contrast = contrast,
            Verdict = verdict,
            Confidence = confidence,
            Drivers = verdict is HealthVerdict.Regressed or HealthVerdict.Improved
                ? Drivers(rows, newVersion.VersionCode, stratumOf, contrast, confidence)
                : Array.Empty<HealthDriver>(),
        };
    }

    private static double MeanDaily(IEnumerable<VersionDayRow> rows, string version)
    {
        var perDay = rows.Where(r => r.VersionCode == version).GroupBy(r => r.Day).Select(d => (double)d.Sum(r => r.DistinctDevices ?? 0)).ToList();
        return perDay.Count == 0 ? 0 : perDay.Average();
    }

    /// <summary>
    /// The stratum of a row: its deviceModel and osVersion where both versions have enough events
    /// there to compare, else its deviceModel where they have enough in the model, else its
    /// deviceType. The OS build counts as well as the model: a new version often reaches the
    /// devices that took an OS update first, and an OS build that crashes more must not be read as
    /// the version's doing.
    /// </summary>
    private static Func<VersionDayRow, string> StratumRule(List<VersionDayRow> rows, string newVersion)
    {
        var builds = DenseKeys(rows.Where(r => r.DeviceModel is not null && r.OsVersion is not null), r => r.DeviceModel + "\u0001" + r.OsVersion, newVersion);
        var models = DenseKeys(rows.Where(r => r.DeviceModel is not null), r => r.DeviceModel!, newVersion);
        // Keys made once per build, model and type, not per row: a check reads tens of thousands of rows.
        var buildKeys = builds.ToDictionary(b => b, b => "build:" + b, StringComparer.Ordinal);
        var modelKeys = models.ToDictionary(m => m, m => "model:" + m, StringComparer.Ordinal);
        var typeKeys = rows.Select(r => r.DeviceType ?? "").Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => "type:" + t, StringComparer.Ordinal);
        return r =>
        {
            if (r.DeviceModel is not { } m)
                return typeKeys[r.DeviceType ?? ""];
            if (r.OsVersion is { } os && buildKeys.TryGetValue(m + "\u0001" + os, out var build))
                return build;
            return modelKeys.TryGetValue(m, out var model) ? model : typeKeys[r.DeviceType ?? ""];
        };
    }

    /// <summary>The keys under which each version has at least <see cref="MinStratumEvents"/> affected device-days.</summary>
    private static HashSet<string> DenseKeys(IEnumerable<VersionDayRow> rows, Func<VersionDayRow, string> keyOf, string newVersion)
    {
        var dense = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(keyOf, StringComparer.Ordinal))
        {
            double newEvents = 0, previousEvents = 0;
            foreach (var r in group)
            {
                if (r.VersionCode == newVersion)
                    newEvents += Events(r);
                else
                    previousEvents += Events(r);
            }
            if (newEvents >= MinStratumEvents && previousEvents >= MinStratumEvents)
                dense.Add(group.Key);
        }
        return dense;
    }

    private static double Events(VersionDayRow r) => r.Rate!.Value * r.DistinctDevices!.Value;

    /// <summary>Sums rows into date×stratum cells (rows may be finer, by osVersion say).</summary>
    private static IEnumerable<ContrastCell> Cells(IEnumerable<VersionDayRow> rows, string newVersion, Func<VersionDayRow, string> stratumOf)
    {
        var sums = new Dictionary<(DateTime, string), double[]>();
        foreach (var r in rows)
        {
            var key = (r.Day, stratumOf(r));
            if (!sums.TryGetValue(key, out var s))
                sums[key] = s = new double[4];
            var offset = r.VersionCode == newVersion ? 0 : 2;
            s[offset] += r.DistinctDevices!.Value;
            s[offset + 1] += Events(r);
        }
        return sums.Select(kv => new ContrastCell(kv.Key.Item1, kv.Key.Item2, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]));
    }

    /// <summary>
    /// The slices that carry the change: each deviceModel and osVersion value with enough events is
    /// compared on its own; the p-values are adjusted for the slices tried (Benjamini–Hochberg at
    /// 1 − confidence); those significant in the change's direction are ranked by excess events.
    /// </summary>
    private static IReadOnlyList<HealthDriver> Drivers(List<VersionDayRow> rows, string newVersion, Func<VersionDayRow, string> stratumOf,
        VersionContrast whole, double confidence)
    {
        var tried = new List<(string Dimension, string Value, VersionContrast Contrast)>();
        foreach (var dimension in DriverDimensions)
        {
            Func<VersionDayRow, string?> valueOf = dimension == "deviceModel" ? r => r.DeviceModel : r => r.OsVersion;
            var slices = rows.Where(r => valueOf(r) is not null).GroupBy(r => valueOf(r)!, StringComparer.Ordinal).ToList();
            // A dimension with one value is the whole comparison again, not a slice of it.
            if (slices.Count < 2)
                continue;
            foreach (var slice in slices)
            {
                var sliceRows = slice.ToList();
                if (sliceRows.Where(r => r.VersionCode == newVersion).Sum(Events) < MinSliceEvents
                    || sliceRows.Where(r => r.VersionCode != newVersion).Sum(Events) < MinSliceEvents)
                    continue;
                var contrast = VersionContrast.Estimate(Cells(sliceRows, newVersion, stratumOf), confidence);
                if (contrast.PValue is not null)
                    tried.Add((dimension, slice.Key, contrast));
            }
        }
        var adjusted = BenjaminiHochberg(tried.Select(t => t.Contrast.PValue!.Value).ToList());
        var alpha = 1 - confidence;
        var direction = Math.Sign(whole.LogRatio ?? 0);
        var totalExcess = whole.ExcessEvents;
        return tried.Select((t, i) => (t, q: adjusted[i]))
            .Where(x => x.q < alpha && Math.Sign(x.t.Contrast.LogRatio!.Value) == direction)
            .Select(x => new HealthDriver
            {
                Dimension = x.t.Dimension,
                Value = x.t.Value,
                Change = x.t.Contrast.Change,
                ChangeLow = x.t.Contrast.ChangeLow,
                ChangeHigh = x.t.Contrast.ChangeHigh,
                PValue = x.t.Contrast.PValue,
                AdjustedPValue = x.q,
                ExcessEvents = x.t.Contrast.ExcessEvents,
                ExcessShare = totalExcess != 0 ? x.t.Contrast.ExcessEvents / totalExcess : 0,
                DeviceShare = whole.NewDeviceDays > 0 ? x.t.Contrast.NewDeviceDays / whole.NewDeviceDays : 0,
                NewRate = x.t.Contrast.RawNewRate,
                PreviousRate = x.t.Contrast.RawPreviousRate,
                StandsOut = direction > 0 ? x.t.Contrast.ChangeLow > whole.Change : x.t.Contrast.ChangeHigh < whole.Change,
            })
            .OrderByDescending(d => d.ExcessShare)
            .ThenBy(d => d.Dimension, StringComparer.Ordinal)
            .ThenBy(d => d.Value, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Benjamini–Hochberg adjusted p-values (J R Stat Soc B 57, 1995): p₍ᵢ₎·m/i, made monotone from
    /// the largest down, capped at 1; in the order given. A slice is a driver when its value is
    /// below 1 − confidence, which keeps the expected share of false drivers below it.
    /// </summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, pValues[i] * m / rank);
            adjusted[i] = running;
        }
        return adjusted;
    }

    internal static string Percent(double? value) => value is { } v ? v.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "-";
}
