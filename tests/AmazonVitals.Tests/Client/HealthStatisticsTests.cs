using System;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Health;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>The normal distribution and the two-proportion test, against textbook values.</summary>
public sealed class HealthStatisticsTests
{
    // ---- the normal distribution (values from standard normal tables, to the digits printed there,
    //      and from erfc for the far tail)

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(1.6448536269514722, 0.95)]
    [InlineData(1.96, 0.9750021048517795)]
    [InlineData(2.5758293035489004, 0.995)]
    [InlineData(3.0, 0.9986501019683699)]
    [InlineData(-3.0, 0.0013498980316301035)]
    public void Phi_matches_the_table(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Cdf(x), 14);

    [Theory]
    // 1 − Φ(x) far out, where 1 − Cdf would round to 0: relative accuracy is what matters.
    [InlineData(5.0, 2.866515718791946e-7)]
    [InlineData(8.0, 6.220960574271819e-16)]
    [InlineData(10.0, 7.619853024160593e-24)]
    [InlineData(20.0, 2.7536241186063314e-89)]
    public void The_upper_tail_keeps_its_digits_far_out(double x, double expected)
    {
        var tail = NormalDistribution.UpperTail(x);
        Assert.InRange(Math.Abs(tail - expected) / expected, 0, 1e-12);
        Assert.Equal(tail, NormalDistribution.Cdf(-x));
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.95, 1.6448536269514722)]
    [InlineData(0.975, 1.9599639845400536)]
    [InlineData(0.995, 2.5758293035489004)]
    [InlineData(0.9995, 3.2905267314919255)]
    [InlineData(0.025, -1.9599639845400538)]
    [InlineData(1e-10, -6.361340902404056)]
    public void The_quantile_inverts_Phi(double p, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Quantile(p), 12);
        Assert.Equal(p, NormalDistribution.Cdf(NormalDistribution.Quantile(p)), 14);
    }

    [Fact]
    public void Quantile_refuses_what_is_not_a_probability()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Quantile(1.5));
        Assert.Equal(double.PositiveInfinity, NormalDistribution.Quantile(1));
        Assert.Equal(double.NegativeInfinity, NormalDistribution.Quantile(0));
    }

    // ---- the two-proportion test

    [Fact]
    public void Textbook_example_two_medications_is_not_significant_at_one_percent()
    {
        // OpenStax, Introductory Statistics, "Comparing two independent population proportions":
        // medication A, 20 of 200 adults still had hives; medication B, 12 of 200. Pooled p = 0.08,
        // z = 1.47, two-sided p-value = 0.1404: not significant at the 1% level.
        var test = ProportionTest.Compare(12, 200, 20, 200, 0.99)!;
        Assert.Equal(0.06, test.PreviousRate, 15);
        Assert.Equal(0.10, test.NewRate, 15);
        Assert.Equal(1.4744195615489717, test.Z, 12);
        Assert.Equal(0.1404, test.PValue, 4);
        Assert.False(test.Significant);
        Assert.Equal(HealthVerdict.Stable, ProportionTest.Verdict(test, 0.10));
    }

    [Fact]
    public void The_worked_example_of_the_help_is_Regressed()
    {
        // about_AmazonVitals: 2,400 of 400,000 device-days against 1,500 of 200,000 (+25%).
        var test = ProportionTest.Compare(2400, 400_000, 1500, 200_000, 0.99)!;
        Assert.Equal(0.0015, test.Difference, 15);
        Assert.Equal(0.25, test.RelativeChange!.Value, 12);
        Assert.Equal(6.815849830488686, test.Z, 10);
        Assert.InRange(test.PValue, 9.3e-12, 9.4e-12);
        Assert.True(test.Significant);
        // 0.0015 ± 2.5758 × 0.0002283: the 99% interval.
        Assert.Equal(0.0009118938308515333, test.Low, 12);
        Assert.Equal(0.002088106169148466, test.High, 12);
        Assert.Equal(HealthVerdict.Regressed, ProportionTest.Verdict(test, 0.10));

        // The same rates on a hundredth of the data: noise.
        var small = ProportionTest.Compare(24, 4000, 15, 2000, 0.99)!;
        Assert.Equal(0.6815849830488687, small.Z, 10);
        Assert.Equal(0.4955014131767362, small.PValue, 10);
        Assert.Equal(HealthVerdict.Stable, ProportionTest.Verdict(small, 0.10));

        // +15% on millions: what the old fixed rule (more than 20% and 0.1 pp) called Stable.
        var large = ProportionTest.Compare(25_000, 5_000_000, 17_250, 3_000_000, 0.99)!;
        Assert.Equal(14.169136499917702, large.Z, 9);
        Assert.Equal(HealthVerdict.Regressed, ProportionTest.Verdict(large, 0.10));
    }

    [Fact]
    public void A_two_sided_test_at_95_percent_flips_at_1_96()
    {
        // x chosen so that z lands just either side of 1.96 on n = 10,000 each at p ≈ 0.1.
        var below = ProportionTest.Compare(1000, 10_000, 1082, 10_000, 0.95)!;
        var above = ProportionTest.Compare(1000, 10_000, 1090, 10_000, 0.95)!;
        Assert.InRange(below.Z, 1.8, 1.96);
        Assert.InRange(above.Z, 1.96, 2.2);
        Assert.False(below.Significant);
        Assert.True(above.Significant);
        Assert.Equal(2 * (1 - NormalDistribution.Cdf(above.Z)), above.PValue, 12);
    }

    [Theory]
    // previous, new, n each, minChange, expected
    [InlineData(0.0100, 0.0120, 1_000_000, 0.10, HealthVerdict.Regressed)] // +20%, z ≈ 13.6
    [InlineData(0.0100, 0.0110, 1_000_000, 0.10, HealthVerdict.Regressed)] // exactly +10% counts
    [InlineData(0.0100, 0.0109, 1_000_000, 0.10, HealthVerdict.Stable)]    // significant, but +9%
    [InlineData(0.0100, 0.0109, 1_000_000, 0.05, HealthVerdict.Regressed)]
    [InlineData(0.0100, 0.0080, 1_000_000, 0.10, HealthVerdict.Improved)]
    [InlineData(0.0100, 0.0150, 1_000, 0.10, HealthVerdict.Stable)]        // +50% on too little data
    [InlineData(0.0, 0.0020, 100_000, 0.10, HealthVerdict.Regressed)]      // up from nothing
    [InlineData(0.0, 0.0, 100_000, 0.10, HealthVerdict.Stable)]
    public void Verdict_needs_significance_and_the_minimum_change(double previous, double current, long n, double minChange, HealthVerdict expected)
    {
        var test = ProportionTest.Compare(previous * n, n, current * n, n, 0.99);
        Assert.Equal(expected, ProportionTest.Verdict(test, minChange));
    }

    [Fact]
    public void No_trials_is_no_test_and_NotEnoughData()
    {
        Assert.Null(ProportionTest.Compare(0, 0, 5, 100, 0.99));
        Assert.Null(ProportionTest.Compare(1, 100, double.NaN, 100, 0.99));
        Assert.Equal(HealthVerdict.NotEnoughData, ProportionTest.Verdict(null, 0.10));
    }

    [Fact]
    public void Confidence_outside_half_to_one_is_refused()
    {
        var e = Assert.Throws<VitalsValidationException>(() => ProportionTest.Compare(1, 10, 2, 10, 1.0));
        Assert.Equal("-Confidence", e.ParameterName);
        Assert.Throws<VitalsValidationException>(() => ProportionTest.Compare(1, 10, 2, 10, 0.4));
    }
}
