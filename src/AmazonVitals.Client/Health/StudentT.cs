using System;

namespace AmazonVitals.Client.Health;

/// <summary>
/// Student's t distribution with ν degrees of freedom: its upper tail and its quantile. The
/// version contrast has as many degrees of freedom as shared days less one, often 5 to 12, where
/// the normal quantile would be far too narrow (2.58 against t₅'s 4.03 at 99%).
/// <para>
/// P(T &gt; t) = ½ I_{ν/(ν+t²)}(ν/2, ½), with I the regularized incomplete beta function, read by
/// its continued fraction (modified Lentz; Press et al., Numerical Recipes, 3rd ed., §6.4).
/// Written here rather than taken from a library: two functions do not earn a package a place in
/// the module's load context.
/// </para>
/// </summary>
public static class StudentT
{
    /// <summary>P(T &gt; t) for ν degrees of freedom (ν &gt; 0).</summary>
    public static double UpperTail(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0))
            return double.NaN;
        if (double.IsPositiveInfinity(degreesOfFreedom))
            return NormalDistribution.UpperTail(t);
        var x = degreesOfFreedom / (degreesOfFreedom + (t * t));
        var tail = 0.5 * RegularizedBeta(x, degreesOfFreedom / 2, 0.5);
        return t >= 0 ? tail : 1 - tail;
    }

    /// <summary>The two-sided p-value of t: 2 P(T &gt; |t|).</summary>
    public static double TwoSidedP(double t, double degreesOfFreedom) => Math.Min(1, 2 * UpperTail(Math.Abs(t), degreesOfFreedom));

    /// <summary>
    /// The t with P(T ≤ t) = p. A normal start, then Newton steps on the tail, then bisection if
    /// Newton strays: the tail is monotone, so bisection always closes in.
    /// </summary>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        if (double.IsNaN(p) || p <= 0 || p >= 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1.");
        if (p < 0.5)
            return -Quantile(1 - p, degreesOfFreedom);
        var target = 1 - p;
        double low = 0, high = 1;
        while (UpperTail(high, degreesOfFreedom) > target)
            high *= 2;
        var t = Math.Min(high, Math.Max(low, NormalDistribution.Quantile(p)));
        for (var i = 0; i < 200; i++)
        {
            var tail = UpperTail(t, degreesOfFreedom);
            if (tail > target)
                low = t;
            else
                high = t;
            var density = Density(t, degreesOfFreedom);
            var next = density > 0 ? t + ((tail - target) / density) : double.NaN;
            if (!(next > low && next < high))
                next = (low + high) / 2;
            if (Math.Abs(next - t) <= 1e-13 * Math.Max(1, Math.Abs(t)))
                return next;
            t = next;
        }
        return t;
    }

    /// <summary>The density of t with ν degrees of freedom.</summary>
    public static double Density(double t, double degreesOfFreedom)
    {
        var v = degreesOfFreedom;
        var logNorm = LogGamma((v + 1) / 2) - LogGamma(v / 2) - (0.5 * Math.Log(v * Math.PI));
        return Math.Exp(logNorm - ((v + 1) / 2 * Math.Log(1 + (t * t / v))));
    }

    /// <summary>I_x(a, b), the regularized incomplete beta function.</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0)
            return 0;
        if (x >= 1)
            return 1;
        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x)));
        // The continued fraction converges fast only below the mean; use the symmetry above it.
        return x < (a + 1) / (a + b + 2)
            ? front * BetaFraction(x, a, b) / a
            : 1 - (front * BetaFraction(1 - x, b, a) / b);
    }

    private static double BetaFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - (qab * x / qap);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 500; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 3e-16)
                break;
        }
        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0: Lanczos' approximation (g = 7, 9 terms), good to about 1e-15.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
            sum += Lanczos[i] / (x + i);
        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private static readonly double[] Lanczos =
    {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    };
}
