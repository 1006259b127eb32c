using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AmazonVitals.Client.Health;

/// <summary>
/// The arithmetic of a health check, free of I/O: device-weighted rates, the version rule, the
/// verdict rule and the thresholds. Every rule is stated where it is implemented.
/// </summary>
public static class HealthEvaluator
{
    // Rates arrive with at most 6 decimals; this only absorbs binary rounding, so that a change of
    // exactly 20% or exactly 0.1 pp is Stable however the subtraction rounds.
    private const double Tolerance = 1e-12;

    /// <summary>
    /// A device-weighted rate: Σ(value × distinctDevices) / Σ(distinctDevices) over the rows that
    /// have both a value and devices (> 0). Never an average of averages. Null when no row counts.
    /// </summary>
    public static double? WeightedRate(IEnumerable<VersionDayRow> rows, Func<VersionDayRow, double?> value)
    {
        double weighted = 0, devices = 0;
        foreach (var row in rows)
        {
            if (value(row) is { } v && row.DistinctDevices is { } d && d > 0)
            {
                weighted += v * d;
                devices += d;
            }
        }
        return devices > 0 ? weighted / devices : null;
    }

    /// <summary>
    /// Each version's weight over the window: the mean of its daily distinctDevices over the
    /// window's dates on which it has rows. Versions whose code is not a whole number are left out,
    /// since they cannot be ordered. Newest (highest versionCode) first.
    /// </summary>
    public static IReadOnlyList<VersionDevices> VersionsByDevices(IEnumerable<VersionDayRow> windowRows)
    {
        var result = new List<VersionDevices>();
        foreach (var group in windowRows.GroupBy(r => r.VersionCode, StringComparer.Ordinal))
        {
            if (!long.TryParse(group.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                continue;
            // A version could appear in several rows of one date only if the query had more
            // dimensions; sum per date first so the mean is per date.
            var perDay = group.GroupBy(r => r.Day).Select(d => d.Sum(r => r.DistinctDevices ?? 0)).ToList();
            result.Add(new VersionDevices(group.Key, number, perDay.Count == 0 ? 0 : perDay.Average(), perDay.Count));
        }
        return result.OrderByDescending(v => v.Number).ToList();
    }

    /// <summary>
    /// The version rule: the newest version (highest versionCode, numerically) whose mean daily
    /// distinctDevices over the window reaches <paramref name="minDevices"/>, and the next lower
    /// versionCode that also reaches it. Either may be null.
    /// </summary>
    public static (VersionDevices? New, VersionDevices? Previous) SelectVersions(IEnumerable<VersionDayRow> windowRows, long minDevices)
    {
        var eligible = VersionsByDevices(windowRows).Where(v => v.MeanDailyDevices >= minDevices).Take(2).ToList();
        return (eligible.Count > 0 ? eligible[0] : null, eligible.Count > 1 ? eligible[1] : null);
    }

    /// <summary>
    /// The verdict rule. Regressed when the new rate is above the previous one by more than 20% of
    /// the previous rate AND by more than 0.1 percentage points (0.001); Improved when it is below
    /// by more than both; otherwise Stable. Exactly 20% or exactly 0.1 pp is Stable. NotEnoughData
    /// when either rate is missing.
    /// </summary>
    public static string Verdict(double? previousRate, double? newRate)
    {
        if (previousRate is not { } previous || newRate is not { } current)
            return HealthVerdict.NotEnoughData;
        var change = current - previous;
        var size = Math.Abs(change);
        var significant = size > HealthPolicy.AbsoluteMargin + Tolerance
            && size > HealthPolicy.RelativeMargin * Math.Abs(previous) + Tolerance;
        if (!significant)
            return HealthVerdict.Stable;
        return change > 0 ? HealthVerdict.Regressed : HealthVerdict.Improved;
    }

    /// <summary>(current − previous) / previous; null when either is missing or previous is 0.</summary>
    public static double? Relative(double? previous, double? current) =>
        previous is { } p && current is { } c && p != 0 ? (c - p) / p : null;

    /// <summary>current − previous; null when either is missing.</summary>
    public static double? Absolute(double? previous, double? current) =>
        previous is { } p && current is { } c ? c - p : null;

    /// <summary>Judges one measure from its date×version rows over the baseline and the window.</summary>
    public static MeasureHealth EvaluateMeasure(HealthMeasure measure, IReadOnlyList<VersionDayRow> rows, HealthWindow window, HealthPolicy policy)
    {
        var windowRows = rows.Where(r => window.InWindow(r.Day)).ToList();
        var baselineRows = rows.Where(r => window.InBaseline(r.Day)).ToList();
        var windowRate = WeightedRate(windowRows, r => r.Rate);
        var baselineRate = WeightedRate(baselineRows, r => r.Rate);
        var (newVersion, previousVersion) = SelectVersions(windowRows, policy.MinDevices);
        double? RateOf(VersionDevices? version, Func<VersionDayRow, double?> value) => version is null
            ? null
            : WeightedRate(windowRows.Where(r => string.Equals(r.VersionCode, version.VersionCode, StringComparison.Ordinal)), value);
        var newRate = RateOf(newVersion, r => r.Rate);
        var previousRate = RateOf(previousVersion, r => r.Rate);
        var threshold = policy.ThresholdFor(measure);
        return new MeasureHealth
        {
            Measure = measure.Name,
            MetricSet = measure.MetricSet,
            RateMetric = measure.RateMetric,
            WindowRate = windowRate,
            UserPerceivedRate = WeightedRate(windowRows, r => r.UserPerceivedRate),
            WindowDeviceDays = windowRows.Sum(r => r.DistinctDevices ?? 0),
            WindowEventCount = windowRows.Sum(r => r.EventCount ?? 0),
            BaselineRate = baselineRate,
            BaselineUserPerceivedRate = WeightedRate(baselineRows, r => r.UserPerceivedRate),
            AbsoluteChange = Absolute(baselineRate, windowRate),
            RelativeChange = Relative(baselineRate, windowRate),
            NewVersion = newVersion?.VersionCode,
            NewVersionDailyDevices = newVersion?.MeanDailyDevices,
            NewVersionRate = newRate,
            NewVersionUserPerceivedRate = RateOf(newVersion, r => r.UserPerceivedRate),
            PreviousVersion = previousVersion?.VersionCode,
            PreviousVersionDailyDevices = previousVersion?.MeanDailyDevices,
            PreviousVersionRate = previousRate,
            PreviousVersionUserPerceivedRate = RateOf(previousVersion, r => r.UserPerceivedRate),
            VersionAbsoluteChange = Absolute(previousRate, newRate),
            VersionRelativeChange = Relative(previousRate, newRate),
            Verdict = Verdict(previousRate, newRate),
            Threshold = threshold,
            AboveThreshold = threshold is { } t && windowRate is { } w && w > t,
        };
    }

    /// <summary>
    /// Judges a package. It is unhealthy when any measure is Regressed, or when a window rate is
    /// above a threshold the user set; <see cref="HealthReport.Reasons"/> says which, one line each.
    /// </summary>
    public static HealthReport Evaluate(HealthData data, HealthPolicy policy) =>
        Evaluate(data.PackageName, data.Window, data.Measures, policy, data.Warnings);

    public static HealthReport Evaluate(string packageName, HealthWindow window, IReadOnlyList<VersionDayRow> crash,
        IReadOnlyList<VersionDayRow> anr, IReadOnlyList<VersionDayRow> lmk, HealthPolicy policy) =>
        Evaluate(packageName, window, new[]
        {
            new MeasureRows(HealthMeasure.Crash, crash, null),
            new MeasureRows(HealthMeasure.Anr, anr, null),
            new MeasureRows(HealthMeasure.Lmk, lmk, null),
        }, policy, null);

    private static HealthReport Evaluate(string packageName, HealthWindow window, IReadOnlyList<MeasureRows> data, HealthPolicy policy,
        IReadOnlyList<string>? warnings)
    {
        var measures = data.Select(d => d.Failure is { } failure
            ? NotAvailable(d.Measure, failure.Message, policy)
            : EvaluateMeasure(d.Measure, d.Rows, window, policy)).ToArray();
        var reasons = new List<string>();
        for (var i = 0; i < measures.Length; i++)
        {
            var m = measures[i];
            // A measure the server did not serve cannot be called healthy: say so rather than stay quiet.
            if (m.Verdict == HealthVerdict.NotAvailable)
                reasons.Add(Messages.HealthNotAvailable(m));
            if (m.Verdict == HealthVerdict.Regressed)
                reasons.Add(Messages.HealthRegressed(m));
            if (m.AboveThreshold)
                reasons.Add(Messages.HealthAboveThreshold(m, HealthPolicy.ThresholdParameter(data[i].Measure)));
        }
        return new HealthReport(packageName, window, measures[0], measures[1], measures[2], reasons, warnings);
    }

    private static MeasureHealth NotAvailable(HealthMeasure measure, string reason, HealthPolicy policy) => new()
    {
        Measure = measure.Name,
        MetricSet = measure.MetricSet,
        RateMetric = measure.RateMetric,
        Verdict = HealthVerdict.NotAvailable,
        Reason = reason,
        Threshold = policy.ThresholdFor(measure),
    };
}
