using System;

namespace AmazonVitals.Client.Health;

/// <summary>
/// The standard normal distribution: its cumulative distribution Φ, its upper tail 1 − Φ (exact
/// far out, where 1 − Φ(x) would round to 0), and its inverse. No dependency: the client must
/// stay small inside the module's load context.
/// </summary>
public static class NormalDistribution
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    /// <summary>The density φ(x).</summary>
    public static double Density(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>Φ(x), the probability that a standard normal variable is at most x.</summary>
    public static double Cdf(double x) => x >= 0 ? 1 - UpperTail(x) : UpperTail(-x);

    /// <summary>
    /// 1 − Φ(x), accurate to about 1e-14 relative over the whole line. Below 3: Marsaglia's
    /// series Φ(x) = ½ + φ(x)(x + x³/3 + x⁵/(3·5) + …) (J. Stat. Softw. 11(4), 2004). From 3 on:
    /// Laplace's continued fraction 1 − Φ(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), by
    /// Lentz's method, which keeps its relative accuracy where the series would lose it.
    /// </summary>
    public static double UpperTail(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        if (x < 0)
            return 1 - UpperTail(-x);
        if (x < 3)
        {
            double sum = x, previous = 0, term = x, square = x * x, i = 1;
            while (sum != previous)
            {
                previous = sum;
                i += 2;
                term *= square / i;
                sum = previous + term;
            }
            return 0.5 - (sum * Density(x));
        }
        if (x > 38.5)
            return 0; // below the smallest double
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (var k = 1; k < 1000; k++)
        {
            d = x + (k * d);
            d = d == 0 ? tiny : 1 / d;
            c = x + (k / c);
            if (c == 0)
                c = tiny;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
                break;
        }
        return Density(x) / f;
    }

    /// <summary>
    /// Φ⁻¹(p): Acklam's rational approximation (relative error below 1.2e-9), then one step of
    /// Halley's method against <see cref="Cdf"/>, which brings it to double precision.
    /// </summary>
    public static double Quantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability is between 0 and 1.");
        if (p == 0)
            return double.NegativeInfinity;
        if (p == 1)
            return double.PositiveInfinity;
        const double low = 0.02425, high = 1 - low;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        else if (p <= high)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        // Halley: the error e = Φ(x) − p, measured on the tail that keeps its digits.
        var e = x < 0 ? UpperTail(-x) - p : (1 - p) - UpperTail(x);
        var u = e / Density(x);
        return x - (u / (1 + (x * u / 2)));
    }

    private const double A1 = -3.969683028665376e+01, A2 = 2.209460984245205e+02, A3 = -2.759285104469687e+02,
        A4 = 1.383577518672690e+02, A5 = -3.066479806614716e+01, A6 = 2.506628277459239e+00;
    private const double B1 = -5.447609879822406e+01, B2 = 1.615858368580409e+02, B3 = -1.556989798598866e+02,
        B4 = 6.680131188771972e+01, B5 = -1.328068155288572e+01;
    private const double C1 = -7.784894002430293e-03, C2 = -3.223964580411365e-01, C3 = -2.400758277161838e+00,
        C4 = -2.549671509466018e+00, C5 = 4.374664141464968e+00, C6 = 2.938163982698783e+00;
    private const double D1 = 7.784695709041462e-03, D2 = 3.224671290700398e-01, D3 = 2.445134137142996e+00,
        D4 = 3.754408362337152e+00;
}

/// <summary>
/// A two-proportion z-test of a new rate against a previous one, two-sided. A health check counts
/// device-days as trials (n, the summed distinctDevices) and rate × n as the affected device-days
/// (x); an issue counts its events against the version's device-days.
/// <para>
/// z = (p₂ − p₁) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), with the pooled p̂ = (x₁ + x₂)/(n₁ + n₂): under "no
/// change" both versions share one rate, and p̂ is its best estimate. The p-value is
/// 2(1 − Φ(|z|)). The interval of the difference p₂ − p₁ at the same confidence uses the unpooled
/// standard error √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂), since it need not assume the rates equal.
/// </para>
/// </summary>
public sealed class ProportionTest
{
    private ProportionTest(double previousEvents, double previousTrials, double newEvents, double newTrials, double confidence)
    {
        PreviousEvents = previousEvents;
        PreviousTrials = previousTrials;
        NewEvents = newEvents;
        NewTrials = newTrials;
        Confidence = confidence;
        PreviousRate = previousEvents / previousTrials;
        NewRate = newEvents / newTrials;
        Difference = NewRate - PreviousRate;
        RelativeChange = PreviousRate > 0 ? Difference / PreviousRate : null;

        var pooled = Clamp((previousEvents + newEvents) / (previousTrials + newTrials));
        var pooledError = Math.Sqrt(pooled * (1 - pooled) * ((1 / previousTrials) + (1 / newTrials)));
        // No variation at all (both rates 0, or both 1): nothing tells the versions apart.
        Z = pooledError > 0 ? Difference / pooledError : 0;
        PValue = Math.Min(1, 2 * NormalDistribution.UpperTail(Math.Abs(Z)));

        var critical = NormalDistribution.Quantile(1 - ((1 - confidence) / 2));
        var error = Math.Sqrt((Clamp(PreviousRate) * (1 - Clamp(PreviousRate)) / previousTrials) + (Clamp(NewRate) * (1 - Clamp(NewRate)) / newTrials));
        Low = Difference - (critical * error);
        High = Difference + (critical * error);
    }

    public double PreviousEvents { get; }
    public double PreviousTrials { get; }
    public double NewEvents { get; }
    public double NewTrials { get; }
    /// <summary>The two-sided confidence the test is judged at (0.99: significant when p &lt; 0.01).</summary>
    public double Confidence { get; }
    public double PreviousRate { get; }
    public double NewRate { get; }
    /// <summary>NewRate − PreviousRate.</summary>
    public double Difference { get; }
    /// <summary>Difference / PreviousRate; null when the previous rate is 0.</summary>
    public double? RelativeChange { get; }
    /// <summary>The pooled z statistic; positive when the new rate is higher.</summary>
    public double Z { get; }
    /// <summary>Two-sided: the chance of a |z| at least this large if both versions had the same rate.</summary>
    public double PValue { get; }
    /// <summary>The lower end of the interval of <see cref="Difference"/> at <see cref="Confidence"/>.</summary>
    public double Low { get; }
    public double High { get; }
    /// <summary>p &lt; 1 − Confidence.</summary>
    public bool Significant => PValue < 1 - Confidence;

    /// <summary>
    /// Compares x₂ of n₂ with x₁ of n₁ at a two-sided <paramref name="confidence"/>. Null when either
    /// side has no trials, or a count is not a finite number at least 0.
    /// </summary>
    public static ProportionTest? Compare(double previousEvents, double previousTrials, double newEvents, double newTrials, double confidence)
    {
        CheckConfidence(confidence);
        if (!(previousTrials > 0) || !(newTrials > 0) || !(previousEvents >= 0) || !(newEvents >= 0)
            || double.IsInfinity(previousTrials) || double.IsInfinity(newTrials) || double.IsInfinity(previousEvents) || double.IsInfinity(newEvents))
            return null;
        return new ProportionTest(previousEvents, previousTrials, newEvents, newTrials, confidence);
    }

    /// <summary>
    /// The verdict of a comparison: Regressed when the rise is significant and at least
    /// <paramref name="minChange"/> of the previous rate (any significant rise from 0 counts);
    /// Improved, the mirror image; Stable otherwise; NotEnoughData without a test.
    /// </summary>
    public static HealthVerdict Verdict(ProportionTest? test, double minChange)
    {
        if (test is null)
            return HealthVerdict.NotEnoughData;
        if (!test.Significant || test.Difference == 0)
            return HealthVerdict.Stable;
        // 1e-12 absorbs binary rounding only: a change of exactly -MinChange counts.
        var large = test.RelativeChange is not { } relative || Math.Abs(relative) >= minChange - 1e-12;
        if (!large)
            return HealthVerdict.Stable;
        return test.Difference > 0 ? HealthVerdict.Regressed : HealthVerdict.Improved;
    }

    /// <summary>Throws unless 0.5 &lt;= confidence &lt; 1.</summary>
    public static void CheckConfidence(double confidence)
    {
        if (!(confidence >= HealthPolicy.MinConfidence && confidence < 1))
            throw new Errors.VitalsValidationException("ConfidenceOutOfRange", "-Confidence", confidence, Messages.HealthConfidenceOutOfRange(confidence));
    }

    private static double Clamp(double rate) => rate < 0 ? 0 : rate > 1 ? 1 : rate;
}
