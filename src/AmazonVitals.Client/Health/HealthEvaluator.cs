using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Health;

/// <summary>
/// The arithmetic of a health check, free of I/O: device-weighted rates, the version rule, the
/// verdict rule and the thresholds. Every rule is stated where it is implemented.
/// </summary>
public static class HealthEvaluator
{
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

    /// <summary>(current − previous) / previous; null when either is missing or previous is 0.</summary>
    public static double? Relative(double? previous, double? current) =>
        previous is { } p && current is { } c && p != 0 ? (c - p) / p : null;

    /// <summary>current − previous; null when either is missing.</summary>
    public static double? Absolute(double? previous, double? current) =>
        previous is { } p && current is { } c ? c - p : null;

    /// <summary>
    /// Judges one measure from its rows over the baseline and the window. Each device family's
    /// versions are chosen on the settled dates of the window (the window without its newest
    /// <see cref="HealthPolicy.ProvisionalDays"/>), then compared on every settled date both have,
    /// baseline included, device stratum by device stratum (<see cref="VersionComparisons"/>). The
    /// window rate uses every date.
    /// </summary>
    public static MeasureHealth EvaluateMeasure(HealthMeasure measure, IReadOnlyList<VersionDayRow> rows, HealthWindow window, HealthPolicy policy)
    {
        var settledEnd = SettledEnd(window, policy);
        var windowRows = rows.Where(r => window.InWindow(r.Day)).ToList();
        var settledRows = windowRows.Where(r => r.Day < settledEnd).ToList();
        var comparedRows = rows.Where(r => r.Day >= window.BaselineStart && r.Day < settledEnd).ToList();
        var baselineRows = rows.Where(r => window.InBaseline(r.Day)).ToList();
        var windowRate = WeightedRate(windowRows, r => r.Rate);
        var baselineRate = WeightedRate(baselineRows, r => r.Rate);
        var comparisons = VersionComparisons.Build(settledRows, comparedRows, policy);
        var verdict = Combine(comparisons);
        var headline = comparisons.FirstOrDefault(c => c.Verdict == verdict && verdict is HealthVerdict.Regressed or HealthVerdict.Improved)
            ?? comparisons.OrderByDescending(c => c.Contrast.NewDeviceDays).FirstOrDefault();
        // Without a pair to compare, still name the newest version (and a previous one below MinDevices is none).
        var (newVersion, previousVersion) = headline is null
            ? SelectVersions(settledRows, policy.MinDevices)
            : (new VersionDevices(headline.NewVersion, 0, headline.NewVersionDailyDevices, 0), new VersionDevices(headline.PreviousVersion, 0, headline.PreviousVersionDailyDevices, 0));
        var families = headline is null ? null : new HashSet<string>(headline.Families.DefaultIfEmpty(""), StringComparer.Ordinal);
        List<VersionDayRow> Settled(string? version) => version is null
            ? new List<VersionDayRow>()
            : settledRows.Where(r => string.Equals(r.VersionCode, version, StringComparison.Ordinal) && (families is null || families.Contains(r.DeviceType ?? "") || r.DeviceType is null)).ToList();
        var (newRows, previousRows) = (Settled(newVersion?.VersionCode), Settled(previousVersion?.VersionCode));
        var newRate = WeightedRate(newRows, r => r.Rate);
        var previousRate = WeightedRate(previousRows, r => r.Rate);
        var contrast = headline?.Contrast;
        var threshold = policy.ThresholdFor(measure);
        var health = new MeasureHealth
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
            NewVersionUserPerceivedRate = WeightedRate(newRows, r => r.UserPerceivedRate),
            NewVersionDeviceDays = DeviceDays(newRows),
            PreviousVersion = previousVersion?.VersionCode,
            PreviousVersionDailyDevices = previousVersion?.MeanDailyDevices,
            PreviousVersionRate = previousRate,
            PreviousVersionUserPerceivedRate = WeightedRate(previousRows, r => r.UserPerceivedRate),
            PreviousVersionDeviceDays = DeviceDays(previousRows),
            VersionAbsoluteChange = Absolute(previousRate, newRate),
            VersionRelativeChange = Relative(previousRate, newRate),
            Change = contrast?.Change,
            ChangeLow = contrast?.ChangeLow,
            ChangeHigh = contrast?.ChangeHigh,
            RawChange = contrast?.RawChange,
            TStatistic = contrast?.TStatistic,
            PValue = contrast?.PValue,
            DegreesOfFreedom = contrast is { LogRatio: not null } ? contrast.DegreesOfFreedom : null,
            ComparedDays = contrast?.Days ?? 0,
            DayVariation = contrast is { LogRatio: not null } ? contrast.DayVariation : null,
            Comparisons = comparisons,
            Drivers = headline?.Drivers ?? Array.Empty<HealthDriver>(),
            Confidence = policy.Confidence,
            MinChange = policy.MinChange,
            Verdict = verdict,
            Threshold = threshold,
            AboveThreshold = threshold is { } t && windowRate is { } w && w > t,
        };
        return health.WithExplanation(Messages.HealthExplanation(health, headline, comparisons));
    }

    /// <summary>
    /// The measure's verdict from its pairs: Regressed when any pair regressed (each was judged at
    /// its share of the false-alarm rate), else Improved when any improved, else Stable when any
    /// could be judged, else NotEnoughData.
    /// </summary>
    private static HealthVerdict Combine(IReadOnlyList<VersionComparison> comparisons) =>
        comparisons.Any(c => c.Verdict == HealthVerdict.Regressed) ? HealthVerdict.Regressed
        : comparisons.Any(c => c.Verdict == HealthVerdict.Improved) ? HealthVerdict.Improved
        : comparisons.Any(c => c.Verdict == HealthVerdict.Stable) ? HealthVerdict.Stable
        : HealthVerdict.NotEnoughData;

    /// <summary>
    /// The versions to compare, chosen over the settled dates only: a version that appeared on a
    /// provisional date has no settled rate, and choosing it would let that date alone turn the
    /// verdict into NotEnoughData while the versions before it regressed.
    /// </summary>
    public static (VersionDevices? New, VersionDevices? Previous) SelectSettledVersions(IEnumerable<VersionDayRow> rows, HealthWindow window, HealthPolicy policy)
    {
        var settledEnd = SettledEnd(window, policy);
        return SelectVersions(rows.Where(r => window.InWindow(r.Day) && r.Day < settledEnd), policy.MinDevices);
    }

    /// <summary>The exclusive end of the window's settled dates: its end less the provisional days (never before its start).</summary>
    public static DateTime SettledEnd(HealthWindow window, HealthPolicy policy)
    {
        var end = window.WindowEnd.AddDays(-Math.Max(0, policy.ProvisionalDays));
        return end < window.WindowStart ? window.WindowStart : end;
    }

    /// <summary>Σ distinctDevices over the rows that have a rate: the weight <see cref="WeightedRate"/> divides by.</summary>
    private static long DeviceDays(IEnumerable<VersionDayRow> rows) =>
        rows.Where(r => r.Rate is not null && r.DistinctDevices is > 0).Sum(r => r.DistinctDevices!.Value);

    /// <summary>
    /// Judges a package. It is unhealthy when any measure is Regressed or not available, when a
    /// window rate is above a threshold the user set, or when its data is stale;
    /// <see cref="HealthReport.Reasons"/> says which, one line each.
    /// </summary>
    public static HealthReport Evaluate(HealthData data, HealthPolicy policy) =>
        Evaluate(data.PackageName, data.Window, data.Measures, policy, data.Warnings, data.CrashIssues, data.AnrIssues);

    public static HealthReport Evaluate(string packageName, HealthWindow window, IReadOnlyList<VersionDayRow> crash,
        IReadOnlyList<VersionDayRow> anr, IReadOnlyList<VersionDayRow> lmk, HealthPolicy policy) =>
        Evaluate(packageName, window, new[]
        {
            new MeasureRows(HealthMeasure.Crash, crash, null),
            new MeasureRows(HealthMeasure.Anr, anr, null),
            new MeasureRows(HealthMeasure.Lmk, lmk, null),
        }, policy, null, null, null);

    private static HealthReport Evaluate(string packageName, HealthWindow window, IReadOnlyList<MeasureRows> data, HealthPolicy policy,
        IReadOnlyList<string>? fetchWarnings, HealthIssues? crashIssues, HealthIssues? anrIssues)
    {
        var measures = data.Select(d => d.Failure is { } failure
            ? NotAvailable(d.Measure, failure.Message, policy)
            : EvaluateMeasure(d.Measure, d.Rows, window, policy)).ToArray();
        var today = VitalsTime.UtcDate(policy.Today ?? DateTime.UtcNow);
        var age = (int)Math.Round((today - window.LatestDaily).TotalDays);
        var stale = age > HealthPolicy.StaleAfterDays;
        var reasons = new List<string>();
        var warnings = new List<string>();
        var failures = new List<string>();
        // A report on stale data can look healthy only because nothing recent is in it.
        if (stale)
        {
            reasons.Add(Messages.HealthStale(window.LatestDaily, today, age));
            warnings.Add(Messages.HealthStaleWarning(packageName, window.LatestDaily, age));
        }
        // Each set's own feed: one that lags behind the others judges its measure on fewer dates.
        foreach (var lagging in data.Where(d => d.LatestDaily is { } l && (today - l).TotalDays > HealthPolicy.StaleAfterDays && l < window.LatestDaily))
        {
            var setAge = (int)Math.Round((today - lagging.LatestDaily!.Value).TotalDays);
            reasons.Add(Messages.HealthSetStale(lagging.Measure.MetricSet, lagging.LatestDaily.Value, setAge));
            warnings.Add(Messages.HealthSetStaleWarning(packageName, lagging.Measure.MetricSet, lagging.LatestDaily.Value, setAge));
        }
        warnings.AddRange(fetchWarnings ?? Array.Empty<string>());
        for (var i = 0; i < measures.Length; i++)
        {
            var m = measures[i];
            // A measure the server did not serve cannot be called healthy: say so rather than stay quiet.
            if (m.Verdict == HealthVerdict.NotAvailable)
                reasons.Add(Messages.HealthNotAvailable(m));
            var failed = failures.Count;
            if (m.Verdict == HealthVerdict.Regressed)
                failures.Add(Messages.HealthRegressed(m));
            if (m.AboveThreshold)
                failures.Add(Messages.HealthAboveThreshold(m, HealthPolicy.ThresholdParameter(data[i].Measure)));
            reasons.AddRange(failures.Skip(failed));
        }
        var settledEnd = SettledEnd(window, policy);
        IssueComparison? Compare(HealthIssues? issues, int index) => issues is null ? null : IssueComparison.Compare(issues,
            VersionDeviceDays(data[index].Rows, window, issues.NewVersion), VersionDeviceDays(data[index].Rows, window, issues.PreviousVersion),
            issues.Top, policy.Confidence, policy.MinChange);
        var (crashChanges, anrChanges) = (Compare(crashIssues, 0), Compare(anrIssues, 1));
        // New and Gone mean "not among the rows read": say so when the page did not hold them all.
        foreach (var changes in new[] { crashChanges, anrChanges })
        {
            if (changes is { Complete: false })
                warnings.Add(Messages.HealthIssuesIncomplete(packageName, changes.ReportType.ToString()));
        }
        return new HealthReport(packageName, window, measures[0], measures[1], measures[2], reasons, warnings)
        {
            Failures = failures,
            Stale = stale,
            Today = today,
            DataAgeDays = age,
            ProvisionalDays = (int)Math.Round((window.WindowEnd - settledEnd).TotalDays),
            SettledEnd = settledEnd,
            Confidence = policy.Confidence,
            MinChange = policy.MinChange,
            MinDevices = policy.MinDevices,
            Series = measures.Select((m, i) => HealthSeries.Build(m, data[i].Rows, window, settledEnd, policy.MinChange)).ToArray(),
            CrashIssues = crashChanges,
            AnrIssues = anrChanges,
        };
    }

    /// <summary>A version's device-days over the window's dates, the dates of the issues query; 0 without a version.</summary>
    private static long VersionDeviceDays(IReadOnlyList<VersionDayRow> rows, HealthWindow window, string? version) =>
        version is null ? 0 : rows.Where(r => window.InWindow(r.Day) && string.Equals(r.VersionCode, version, StringComparison.Ordinal)).Sum(r => r.DistinctDevices ?? 0);

    private static MeasureHealth NotAvailable(HealthMeasure measure, string reason, HealthPolicy policy) => new()
    {
        Measure = measure.Name,
        MetricSet = measure.MetricSet,
        RateMetric = measure.RateMetric,
        Verdict = HealthVerdict.NotAvailable,
        Reason = reason,
        Threshold = policy.ThresholdFor(measure),
        Confidence = policy.Confidence,
        MinChange = policy.MinChange,
    };
}
