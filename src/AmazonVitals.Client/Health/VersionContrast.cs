using System;
using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Client.Health;

/// <summary>
/// One cell of a version contrast: one UTC date and one device stratum, with each version's
/// device-days there and its affected device-days (rate × devices).
/// </summary>
public readonly record struct ContrastCell(DateTime Day, string Stratum, double NewDevices, double NewEvents, double PreviousDevices, double PreviousEvents);

/// <summary>One compared day: the newest version's devices and events in the shared strata, and the events the previous version's rates predict for them.</summary>
public readonly record struct ContrastDay(DateTime Day, double NewDevices, double ObservedEvents, double ExpectedEvents)
{
    /// <summary>The newest version's rate on its shared devices.</summary>
    public double? ObservedRate => NewDevices > 0 ? ObservedEvents / NewDevices : null;
    /// <summary>The rate the previous version's per-stratum rates predict on the newest version's devices.</summary>
    public double? ExpectedRate => NewDevices > 0 ? ExpectedEvents / NewDevices : null;
}

/// <summary>
/// The newest version's rate against the previous version's, compared like with like and judged
/// by how much the comparison itself varies from day to day.
/// <list type="number">
/// <item>Each day is one study. Within it, versions are compared device stratum by device stratum
/// with the Mantel–Haenszel rate ratio, Σ aₛn₀ₛ/Nₛ ÷ Σ bₛn₁ₛ/Nₛ (Rothman, Greenland &amp; Lash,
/// Modern Epidemiology, 3rd ed., ch. 15), so a device mix that differs between the versions
/// cancels, and so does anything that moves both versions on that day. Its sampling variance is
/// Greenland &amp; Robins' (Biometrics 41, 1985): Σ n₁ₛn₀ₛ(aₛ+bₛ)/Nₛ² ÷ (R·S).</item>
/// <item>The days' log ratios are pooled as a random-effects meta-analysis: the variation between
/// days beyond sampling, τ², by DerSimonian &amp; Laird (Control Clin Trials 7, 1986), and the
/// variance of the pooled log ratio by Hartung &amp; Knapp (Stat Med 20, 2001) and Sidik &amp;
/// Jonkman (Stat Med 21, 2002), never narrower than the fixed-effect one (Jackson et al., Stat Med
/// 36, 2017), with a t reference on days − 1 degrees of freedom.</item>
/// </list>
/// So the uncertainty comes from the days themselves. Device-day counts enter only as the
/// sampling part of each day's variance, never as independent trials: a million device-days on
/// six days are six observations of the contrast.
/// </summary>
public sealed class VersionContrast
{
    /// <summary>Fewer shared days than this give no verdict: two days leave one degree of freedom, whose 99% t is 64.</summary>
    public const int MinDays = 3;

    private VersionContrast()
    {
    }

    /// <summary>Dates on which both versions had devices in a shared stratum.</summary>
    public int Days { get; private init; }
    /// <summary>Device strata the days were compared in.</summary>
    public int Strata { get; private init; }
    /// <summary>The pooled log rate ratio; null with fewer than <see cref="MinDays"/> days.</summary>
    public double? LogRatio { get; private init; }
    /// <summary>Its standard error, from the days' own spread.</summary>
    public double? StandardError { get; private init; }
    public double DegreesOfFreedom => Math.Max(0, Days - 1);
    /// <summary>√τ²: how much the contrast moves from day to day beyond sampling, as a log ratio (0.15 ≈ 15%).</summary>
    public double DayVariation { get; private init; }
    /// <summary>The two-sided confidence of the interval.</summary>
    public double Confidence { get; private init; }
    /// <summary>exp(LogRatio) − 1: the mix-adjusted relative change.</summary>
    public double? Change => LogRatio is { } y ? Math.Exp(y) - 1 : null;
    public double? ChangeLow { get; private init; }
    public double? ChangeHigh { get; private init; }
    public double? TStatistic { get; private init; }
    public double? PValue { get; private init; }
    /// <summary>The newest version's affected device-days in the strata the previous version shares.</summary>
    public double ObservedEvents { get; private init; }
    /// <summary>What the previous version's per-stratum, per-day rates predict on the newest version's own devices (indirect standardization).</summary>
    public double ExpectedEvents { get; private init; }
    /// <summary>ObservedEvents − ExpectedEvents: positive when the newest version has more than its devices predict.</summary>
    public double ExcessEvents => ObservedEvents - ExpectedEvents;
    /// <summary>Σ affected ÷ Σ device-days of each version over the compared cells, strata ignored.</summary>
    public double? RawNewRate { get; private init; }
    public double? RawPreviousRate { get; private init; }
    /// <summary>The pooled (unadjusted) relative change: what a chart of the two versions' rates shows.</summary>
    public double? RawChange => RawNewRate is { } n && RawPreviousRate is { } p && p > 0 ? (n / p) - 1 : null;
    public double NewDeviceDays { get; private init; }
    public double PreviousDeviceDays { get; private init; }
    /// <summary>Each compared day's observed and expected events, for charts of the adjusted comparison.</summary>
    public IReadOnlyList<ContrastDay> Daily { get; private init; } = Array.Empty<ContrastDay>();

    /// <summary>True when p &lt; 1 − Confidence.</summary>
    public bool Significant => PValue is { } p && p < 1 - Confidence;

    /// <summary>
    /// Regressed when significant and the adjusted change is at least <paramref name="minChange"/>;
    /// Improved, the mirror; Stable otherwise; NotEnoughData with fewer than <see cref="MinDays"/> days.
    /// </summary>
    public HealthVerdict Verdict(double minChange)
    {
        if (Change is not { } change)
            return HealthVerdict.NotEnoughData;
        if (!Significant)
            return HealthVerdict.Stable;
        // 1e-12 absorbs binary rounding only: a change of exactly MinChange counts.
        if (change >= minChange - 1e-12 && change > 0)
            return HealthVerdict.Regressed;
        if (-change >= minChange - 1e-12 && change < 0)
            return HealthVerdict.Improved;
        return HealthVerdict.Stable;
    }

    /// <summary>Estimates the contrast from its cells at a two-sided <paramref name="confidence"/>.</summary>
    public static VersionContrast Estimate(IEnumerable<ContrastCell> cells, double confidence)
    {
        var days = new List<DayRatio>();
        var daily = new List<ContrastDay>();
        double observed = 0, expected = 0, newEvents = 0, newDevices = 0, previousEvents = 0, previousDevices = 0;
        var strata = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in cells.GroupBy(c => c.Day).OrderBy(g => g.Key))
        {
            var shared = day.Where(c => c.NewDevices > 0 && c.PreviousDevices > 0).ToList();
            if (shared.Count == 0)
                continue;
            double dayObserved = 0, dayExpected = 0, dayDevices = 0;
            foreach (var c in shared)
            {
                strata.Add(c.Stratum);
                dayObserved += c.NewEvents;
                dayExpected += c.NewDevices * c.PreviousEvents / c.PreviousDevices;
                dayDevices += c.NewDevices;
                observed += c.NewEvents;
                expected += c.NewDevices * c.PreviousEvents / c.PreviousDevices;
                newEvents += c.NewEvents;
                newDevices += c.NewDevices;
                previousEvents += c.PreviousEvents;
                previousDevices += c.PreviousDevices;
            }
            days.Add(DayRatio.Of(shared));
            daily.Add(new ContrastDay(day.Key, dayDevices, dayObserved, dayExpected));
        }
        var result = Pool(days, confidence);
        return new VersionContrast
        {
            Days = days.Count,
            Strata = strata.Count,
            Confidence = confidence,
            LogRatio = result?.Mean,
            StandardError = result?.Error,
            DayVariation = result is { } r ? Math.Sqrt(r.Tau2) : 0,
            ChangeLow = result is { } low ? Math.Exp(low.Mean - (low.Critical * low.Error)) - 1 : null,
            ChangeHigh = result is { } high ? Math.Exp(high.Mean + (high.Critical * high.Error)) - 1 : null,
            TStatistic = result is { } t ? t.Mean / t.Error : null,
            PValue = result is { } p ? StudentT.TwoSidedP(p.Mean / p.Error, days.Count - 1) : null,
            ObservedEvents = observed,
            ExpectedEvents = expected,
            RawNewRate = newDevices > 0 ? newEvents / newDevices : null,
            RawPreviousRate = previousDevices > 0 ? previousEvents / previousDevices : null,
            NewDeviceDays = newDevices,
            PreviousDeviceDays = previousDevices,
            Daily = daily,
        };
    }

    internal readonly record struct Pooled(double Mean, double Error, double Tau2, double Critical);

    /// <summary>DerSimonian–Laird τ², then the Hartung–Knapp variance (never below the fixed-effect one) on days − 1 degrees of freedom.</summary>
    internal static Pooled? Pool(List<DayRatio> days, double confidence)
    {
        if (days.Count < MinDays)
            return null;
        double sw = 0, sw2 = 0, swy = 0;
        foreach (var d in days)
        {
            var w = 1 / d.Variance;
            sw += w;
            sw2 += w * w;
            swy += w * d.LogRatio;
        }
        var fixedMean = swy / sw;
        var q = days.Sum(d => (d.LogRatio - fixedMean) * (d.LogRatio - fixedMean) / d.Variance);
        var tau2 = Math.Max(0, (q - (days.Count - 1)) / (sw - (sw2 / sw)));
        double sws = 0, swsy = 0;
        foreach (var d in days)
        {
            var w = 1 / (d.Variance + tau2);
            sws += w;
            swsy += w * d.LogRatio;
        }
        var mean = swsy / sws;
        var spread = days.Sum(d => (d.LogRatio - mean) * (d.LogRatio - mean) / (d.Variance + tau2)) / (days.Count - 1);
        var error = Math.Sqrt(Math.Max(spread, 1) / sws);
        var critical = StudentT.Quantile(1 - ((1 - confidence) / 2), days.Count - 1);
        return new Pooled(mean, error, tau2, critical);
    }

    /// <summary>One day's Mantel–Haenszel log rate ratio over its shared strata, and its Greenland–Robins variance.</summary>
    internal readonly record struct DayRatio(double LogRatio, double Variance)
    {
        public static DayRatio Of(List<ContrastCell> shared)
        {
            var (r, s, p) = Sums(shared, 0);
            // A day with no events on one side has no finite ratio: Haldane's ½ in every stratum.
            if (r <= 0 || s <= 0)
                (r, s, p) = Sums(shared, 0.5);
            return new DayRatio(Math.Log(r / s), p / (r * s));
        }

        private static (double R, double S, double P) Sums(List<ContrastCell> shared, double add)
        {
            double r = 0, s = 0, p = 0;
            foreach (var c in shared)
            {
                var (a, b, n1, n0) = (c.NewEvents + add, c.PreviousEvents + add, c.NewDevices, c.PreviousDevices);
                var total = n1 + n0;
                r += a * n0 / total;
                s += b * n1 / total;
                p += n1 * n0 * (a + b) / (total * total);
            }
            return (r, s, p);
        }
    }
}
