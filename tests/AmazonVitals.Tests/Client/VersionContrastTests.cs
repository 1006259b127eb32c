using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Health;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>The pieces of the mix-adjusted comparison on numbers worked by hand or read from tables.</summary>
public sealed class VersionContrastTests
{
    private static readonly HealthWindow Window = HealthWindow.EndingAt(Utc(2026, 4, 25), 7);
    private static readonly HealthPolicy Policy = new() { Today = Utc(2026, 4, 26) };

    [Theory]
    // Student's t quantiles as printed in any table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    [InlineData(0.995, 1, 63.657)]
    [InlineData(0.995, 5, 4.032)]
    [InlineData(0.975, 10, 2.228)]
    [InlineData(0.95, 30, 1.697)]
    [InlineData(0.995, 100, 2.626)]
    public void T_quantiles_match_the_tables(double p, double df, double expected)
    {
        Assert.Equal(expected, StudentT.Quantile(p, df), 3);
        Assert.Equal(1 - p, StudentT.UpperTail(StudentT.Quantile(p, df), df), 9);
        Assert.Equal(-StudentT.Quantile(p, df), StudentT.Quantile(1 - p, df), 9);
    }

    [Fact]
    public void The_about_topics_worked_example_is_what_the_code_computes()
    {
        // src/help/about_AmazonVitals.md, "Worked example": six days' log ratios, each with variance 0.004.
        static VersionContrast.Pooled Pool(params double[] logRatios) =>
            VersionContrast.Pool(logRatios.Select(y => new VersionContrast.DayRatio(y, 0.004)).ToList(), 0.99)!.Value;

        var steady = Pool(0.31, 0.18, 0.26, 0.22, 0.35, 0.20);
        Assert.Equal(0.00039, steady.Tau2, 5);
        Assert.Equal(0.2533, steady.Mean, 4);
        Assert.Equal(0.0270, steady.Error, 4);
        Assert.Equal(9.37, steady.Mean / steady.Error, 2);
        Assert.Equal(4.032, steady.Critical, 3);
        Assert.Equal(0.0002, StudentT.TwoSidedP(steady.Mean / steady.Error, 5), 4);
        Assert.Equal((0.288, 0.155, 0.437), (Math.Round(Math.Exp(steady.Mean) - 1, 3),
            Math.Round(Math.Exp(steady.Mean - (steady.Critical * steady.Error)) - 1, 3), Math.Round(Math.Exp(steady.Mean + (steady.Critical * steady.Error)) - 1, 3)));

        var swinging = Pool(0.60, -0.10, 0.45, -0.05, 0.50, 0.10);
        Assert.Equal(0.088, swinging.Tau2, 3);
        Assert.Equal(0.124, swinging.Error, 3);
        Assert.Equal(2.02, swinging.Mean / swinging.Error, 2);
        Assert.Equal(0.10, StudentT.TwoSidedP(swinging.Mean / swinging.Error, 5), 2);
        Assert.Equal((-0.221, 1.116), (Math.Round(Math.Exp(swinging.Mean - (swinging.Critical * swinging.Error)) - 1, 3),
            Math.Round(Math.Exp(swinging.Mean + (swinging.Critical * swinging.Error)) - 1, 3)));
    }

    [Fact]
    public void Benjamini_Hochberg_adjusts_in_the_order_given()
    {
        var adjusted = VersionComparisons.BenjaminiHochberg(new[] { 0.01, 0.04, 0.03, 0.005 });
        Assert.Equal(new[] { 0.02, 0.04, 0.04, 0.02 }, adjusted.Select(a => Math.Round(a, 12)));
    }

    private static VersionDayRow Row(int day, string version, string type, string model, long devices, double rate) =>
        new(Window.WindowStart.AddDays(day), version, rate, null, devices, null) { DeviceType = type, DeviceModel = model, OsVersion = "8.1" };

    [Fact]
    public void A_device_mix_shift_is_not_a_regression_and_is_said_to_be_one()
    {
        // Model A crashes at 1%, model B at 3%, on both versions; the new version runs mostly on B.
        var rows = new List<VersionDayRow>();
        for (var d = 0; d < 6; d++)
        {
            var wobble = 1 + (0.01 * d); // the same day effect on both versions
            rows.Add(Row(d, "150", "TV", "A", 9000, 0.01 * wobble));
            rows.Add(Row(d, "150", "TV", "B", 1000, 0.03 * wobble));
            rows.Add(Row(d, "151", "TV", "A", 1000, 0.01 * wobble));
            rows.Add(Row(d, "151", "TV", "B", 9000, 0.03 * wobble));
        }
        var m = HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, rows, Window, Policy);
        Assert.Equal(HealthVerdict.Stable, m.Verdict);
        Assert.Equal(0, m.Change!.Value, 9);
        Assert.Equal(0.028 / 0.012 - 1, m.RawChange!.Value, 9);
        Assert.Equal(6, m.ComparedDays);
        Assert.Contains("is a device-mix shift: per device, 0%", m.Explanation, StringComparison.Ordinal);
        Assert.Empty(m.Drivers);
    }

    /// <summary>Six days of three models, 20,000 devices each, ±1% noise; the new version's rate is the old one's times <paramref name="factor"/>.</summary>
    private static List<VersionDayRow> ThreeModels(int seed, Func<string, double> factor)
    {
        var rows = new List<VersionDayRow>();
        var random = new Random(seed);
        for (var d = 0; d < 6; d++)
        {
            foreach (var (model, rate) in new[] { ("A", 0.01), ("B", 0.02), ("C", 0.015) })
            {
                var noise = 1 + ((random.NextDouble() - 0.5) * 0.02);
                rows.Add(Row(d, "150", "TV", model, 20000, rate * noise));
                rows.Add(Row(d, "151", "TV", model, 20000, rate * factor(model) / noise));
            }
        }
        return rows;
    }

    [Fact]
    public void A_rise_on_one_model_is_Regressed_and_that_model_drives_it()
    {
        var m = HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, ThreeModels(7, model => model == "B" ? 3 : 1), Window, Policy);
        Assert.Equal(HealthVerdict.Regressed, m.Verdict);
        var top = Assert.IsType<HealthDriver>(m.TopDriver);
        Assert.Equal(("deviceModel", "B"), (top.Dimension, top.Value));
        Assert.Equal(2.0, top.Change!.Value, 1);
        Assert.InRange(top.ExcessShare, 0.95, 1.05);
        Assert.DoesNotContain(m.Drivers, d => d.Value is "A" or "C");
        Assert.True(top.StandsOut);
        Assert.Contains("Carried most by deviceModel B", m.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rise_on_every_model_is_spread_evenly_and_no_model_is_said_to_carry_it()
    {
        var m = HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, ThreeModels(11, _ => 2), Window, Policy);
        Assert.Equal(HealthVerdict.Regressed, m.Verdict);
        Assert.NotEmpty(m.Drivers);
        Assert.All(m.Drivers, d => Assert.False(d.StandsOut));
        Assert.Contains("Spread evenly", m.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("Carried most by", m.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("mostly", AmazonVitals.Client.Messages.HealthRegressed(m), StringComparison.Ordinal);
    }

    [Fact]
    public void Families_with_their_own_codes_are_compared_within_the_family()
    {
        var rows = new List<VersionDayRow>();
        for (var d = 0; d < 6; d++)
        {
            rows.Add(Row(d, "150", "AMAZON_FIRE_TV", "AFT1", 20000, 0.01));
            rows.Add(Row(d, "151", "AMAZON_FIRE_TV", "AFT1", 20000, 0.01));
            // The tablet build crashes more, on its own codes: pooled across families, 2051 would look three times worse than 150.
            rows.Add(Row(d, "2050", "AMAZON_TABLETS", "KF1", 5000, 0.03));
            rows.Add(Row(d, "2051", "AMAZON_TABLETS", "KF1", 5000, 0.03));
        }
        var m = HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, rows, Window, Policy);
        Assert.Equal(HealthVerdict.Stable, m.Verdict);
        Assert.Equal(2, m.Comparisons.Count);
        Assert.Equal(new[] { ("AMAZON_FIRE_TV", "151", "150"), ("AMAZON_TABLETS", "2051", "2050") },
            m.Comparisons.Select(c => (c.Families.Single(), c.NewVersion, c.PreviousVersion)).OrderBy(c => c.Item1));
        // Two pairs share the false-alarm rate.
        Assert.All(m.Comparisons, c => Assert.Equal(0.995, c.Confidence, 12));
        Assert.Contains("Compared per device family", m.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Day_to_day_noise_widens_the_interval_instead_of_becoming_significant()
    {
        // Millions of device-days and a +12% change, but the contrast swings ±30% from day to day.
        var swings = new[] { 1.45, 0.85, 1.40, 0.80, 1.38, 0.88 };
        var rows = new List<VersionDayRow>();
        for (var d = 0; d < 6; d++)
        {
            rows.Add(Row(d, "150", "TV", "A", 2_000_000, 0.01));
            rows.Add(Row(d, "151", "TV", "A", 2_000_000, 0.01 * swings[d]));
        }
        var m = HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, rows, Window, Policy);
        Assert.Equal(HealthVerdict.Stable, m.Verdict);
        Assert.True(m.PValue > 0.01);
        Assert.True(m.DayVariation > 0.2);
        Assert.True(m.ChangeLow < 0 && m.ChangeHigh > 0.3);
        Assert.Equal(5, m.DegreesOfFreedom);
    }

    [Fact]
    public void A_change_of_exactly_MinChange_counts_both_ways()
    {
        // Six days, one stratum, the newest version's rate 1.2 times the previous one's on each day
        // but for a little day-to-day wobble: significant, so only MinChange decides the verdict.
        var wobble = new[] { 1.0, 1.01, 0.99, 1.0, 1.01, 0.99 };
        var rise = VersionContrast.Estimate(Enumerable.Range(0, 6).Select(d => new ContrastCell(
            Utc(2026, 4, 20).AddDays(d), "TV|A", 1_000_000, 12_000 * wobble[d], 1_000_000, 10_000)), 0.99);
        var fall = VersionContrast.Estimate(Enumerable.Range(0, 6).Select(d => new ContrastCell(
            Utc(2026, 4, 20).AddDays(d), "TV|A", 1_000_000, 10_000, 1_000_000, 12_000 * wobble[d])), 0.99);
        Assert.True(rise.Significant && fall.Significant);
        var up = rise.Change!.Value;
        var down = -fall.Change!.Value;
        Assert.Equal(HealthVerdict.Regressed, rise.Verdict(up));
        Assert.Equal(HealthVerdict.Stable, rise.Verdict(up + 1e-6));
        Assert.Equal(HealthVerdict.Improved, fall.Verdict(down));
        Assert.Equal(HealthVerdict.Stable, fall.Verdict(down + 1e-6));
    }

    [Fact]
    public void Days_that_agree_more_than_sampling_allows_keep_the_fixed_effect_error()
    {
        // Six identical days: the days' own spread is 0, but the interval is never narrower than
        // the fixed-effect one, whose variance is 1 / Σ 1/(1/a + 1/b) over the days.
        var same = VersionContrast.Estimate(Enumerable.Range(0, 6).Select(d => new ContrastCell(
            Utc(2026, 4, 20).AddDays(d), "TV|A", 1_000_000, 12_000, 1_000_000, 10_000)), 0.99);
        Assert.Equal(0, same.DayVariation, 12);
        Assert.Equal(Math.Sqrt(((1.0 / 12_000) + (1.0 / 10_000)) / 6), same.StandardError!.Value, 12);
        Assert.True(same.ChangeLow < same.Change && same.Change < same.ChangeHigh);
    }
}
