using System;
using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Client.Health;

/// <summary>
/// One UTC date of a measure's daily rates: all versions together, the newest version and the
/// previous one, each device-weighted over that date's rows. A rate is null when the date has no
/// row for it.
/// </summary>
public sealed class HealthSeriesPoint
{
    public DateTime Day { get; internal init; }
    /// <summary>True for the window's dates, false for the baseline's.</summary>
    public bool InWindow { get; internal init; }
    /// <summary>True for the newest -ProvisionalDays dates: shown, but left out of the version test.</summary>
    public bool Provisional { get; internal init; }
    public double? AllRate { get; internal init; }
    public long AllDevices { get; internal init; }
    public double? NewVersionRate { get; internal init; }
    public long NewVersionDevices { get; internal init; }
    public double? PreviousVersionRate { get; internal init; }
    public long PreviousVersionDevices { get; internal init; }
    /// <summary>
    /// The mix-adjusted comparison: the rate the newest version would have had that day at the
    /// previous version's rate on each of its device models. The gap between NewVersionRate and
    /// this line is the change per device; the gap between it and PreviousVersionRate is the
    /// device mix. Null on dates the two versions do not share.
    /// </summary>
    public double? ExpectedNewVersionRate { get; internal init; }
    /// <summary>True for a date read from a history folder (Get-VitalsHealth -HistoryPath), older than what the API served.</summary>
    public bool FromHistory { get; internal init; }
}

/// <summary>
/// The daily rates of one measure over the baseline and the window, from the rows the health
/// check fetched (nothing is asked again): what a chart of the measure draws.
/// </summary>
public sealed class HealthSeries
{
    /// <summary>Crash, ANR or LMK.</summary>
    public string Measure { get; internal init; } = "";
    public string RateMetric { get; internal init; } = "";
    public string? NewVersion { get; internal init; }
    public string? PreviousVersion { get; internal init; }
    /// <summary>The user's threshold for the window's rate, or null.</summary>
    public double? Threshold { get; internal init; }
    /// <summary>
    /// What the newest version's rate must reach (and significantly) to be Regressed: the previous
    /// version's rates on the newest version's device mix, over the compared dates, × (1 + MinChange).
    /// Null without a comparison.
    /// </summary>
    public double? RegressionLine { get; internal init; }
    /// <summary>One point per date from BaselineStart to LatestDaily; empty when the measure is not available or has no rows.</summary>
    public IReadOnlyList<HealthSeriesPoint> Points { get; internal init; } = Array.Empty<HealthSeriesPoint>();

    public override string ToString() => Messages.HealthSeriesSummary(this);

    /// <summary>Builds a measure's series from its date×version rows.</summary>
    public static HealthSeries Build(MeasureHealth measure, IReadOnlyList<VersionDayRow> rows, HealthWindow window, DateTime settledEnd, double minChange)
    {
        var points = new List<HealthSeriesPoint>();
        var headline = measure.Comparisons.FirstOrDefault(c => c.NewVersion == measure.NewVersion && c.PreviousVersion == measure.PreviousVersion);
        var expected = headline?.Contrast.Daily.ToDictionary(d => d.Day, d => d.ExpectedRate) ?? new Dictionary<DateTime, double?>();
        if (measure.Verdict != HealthVerdict.NotAvailable && rows.Count > 0)
        {
            var byDay = rows.ToLookup(r => r.Day);
            for (var day = window.BaselineStart; day < window.WindowEnd; day = day.AddDays(1))
            {
                var dayRows = byDay[day].ToList();
                var newRows = Of(dayRows, measure.NewVersion);
                var previousRows = Of(dayRows, measure.PreviousVersion);
                points.Add(new HealthSeriesPoint
                {
                    Day = day,
                    InWindow = window.InWindow(day),
                    Provisional = day >= settledEnd && window.InWindow(day),
                    AllRate = HealthEvaluator.WeightedRate(dayRows, r => r.Rate),
                    AllDevices = dayRows.Sum(r => r.DistinctDevices ?? 0),
                    NewVersionRate = HealthEvaluator.WeightedRate(newRows, r => r.Rate),
                    NewVersionDevices = newRows.Sum(r => r.DistinctDevices ?? 0),
                    PreviousVersionRate = HealthEvaluator.WeightedRate(previousRows, r => r.Rate),
                    PreviousVersionDevices = previousRows.Sum(r => r.DistinctDevices ?? 0),
                    ExpectedNewVersionRate = expected.TryGetValue(day, out var rate) ? rate : null,
                });
            }
        }
        return new HealthSeries
        {
            Measure = measure.Measure,
            RateMetric = measure.RateMetric,
            NewVersion = measure.NewVersion,
            PreviousVersion = measure.PreviousVersion,
            Threshold = measure.Threshold,
            RegressionLine = headline is { Contrast: { NewDeviceDays: > 0 } contrast } ? contrast.ExpectedEvents / contrast.NewDeviceDays * (1 + minChange) : null,
            Points = points,
        };
    }

    /// <summary>The same series with stored dates before its first one (see HealthHistory).</summary>
    internal HealthSeries WithEarlier(IReadOnlyList<HealthSeriesPoint> earlier) => new()
    {
        Measure = Measure,
        RateMetric = RateMetric,
        NewVersion = NewVersion,
        PreviousVersion = PreviousVersion,
        Threshold = Threshold,
        RegressionLine = RegressionLine,
        Points = earlier.Concat(Points).ToArray(),
    };

    private static List<VersionDayRow> Of(List<VersionDayRow> rows, string? version) =>
        version is null ? new List<VersionDayRow>() : rows.Where(r => string.Equals(r.VersionCode, version, StringComparison.Ordinal)).ToList();
}
