using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Health;

namespace AmazonVitals.Tests.Calibration;

/// <summary>What one simulated app looks like, and what (if anything) its newest version changed.</summary>
public sealed record SimulationScenario
{
    public string Name { get; init; } = "";
    /// <summary>Distinct devices a day across every version.</summary>
    public double DailyDevices { get; init; } = 100_000;
    /// <summary>σ of the lognormal noise of each version's rate on each day, beyond sampling (0.15 ≈ 15%).</summary>
    public double VersionDayNoise { get; init; } = 0.15;
    /// <summary>σ of each version×day×model cell's own noise: overdispersion below the version-day level.</summary>
    public double CellNoise { get; init; } = 0.05;
    /// <summary>σ of the day effect both versions share (weekdays, content, incidents).</summary>
    public double DayNoise { get; init; } = 0.12;
    /// <summary>The newest version's rate multiplier on every device (1: unchanged).</summary>
    public double Effect { get; init; } = 1.0;
    /// <summary>Multiplier on one model only (<see cref="DriverModel"/>), which holds <see cref="DriverShare"/> of the newest version's devices.</summary>
    public double DriverEffect { get; init; } = 1.0;
    public double DriverShare { get; init; } = 0.30;
    /// <summary>Tilts the newest version's device mix toward the models that crash more (0: the same mix as the previous version).</summary>
    public double MixShift { get; init; }
    /// <summary>TVs and tablets run their own version codes (TV 151 vs 150, tablets 2051 vs 2050).</summary>
    public bool Families { get; init; }
    /// <summary>Days before the latest date that the newest version first appears (adoption ramps from there).</summary>
    public int LaunchDaysAgo { get; init; } = 12;

    public const string DriverModel = "AFTDRV";
}

/// <summary>
/// A seeded Monte Carlo simulator of one app's Daily crash rows over a health check's 14 dates, with
/// the properties real Vitals data has: day effects both versions share, version×day noise beyond
/// sampling, cell-level overdispersion, adoption ramps, device models with rates a factor of 3
/// apart, device-mix shifts, device families with their own version codes, and regressions
/// confined to one model. The rows go straight to <see cref="HealthEvaluator"/>, which is a pure
/// function of rows, so thousands of checks run in seconds.
/// </summary>
public static class HealthSimulator
{
    public const int Days = 7;
    public static readonly DateTime Latest = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
    private const double BaseRate = 0.008;
    private static readonly string[] OsVersions = { "7.6.9.1", "8.1.2.4" };
    private static readonly double[] OsShares = { 0.4, 0.6 };
    private static readonly double[] OsFactors = { 1.06, 0.96 };

    public static HealthWindow Window { get; } = HealthWindow.EndingAt(Latest, Days);

    /// <summary>Simulates one check's rows and judges them with the default policy.</summary>
    public static MeasureHealth Run(SimulationScenario scenario, int seed, HealthPolicy? policy = null) =>
        HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, Rows(scenario, seed), Window, policy ?? new HealthPolicy { Today = Latest.AddDays(1) });

    public static List<VersionDayRow> Rows(SimulationScenario s, int seed)
    {
        var random = new Random(seed);
        var models = Models(s, random);
        var tvModels = models.Where(m => m.Family == "AMAZON_FIRE_TV").ToList();
        var tabletModels = models.Where(m => m.Family == "AMAZON_TABLETS").ToList();
        var rows = new List<VersionDayRow>();
        var start = Window.BaselineStart;
        var totalDays = (int)(Window.WindowEnd - start).TotalDays;
        // Version-day noise: each version's own movements, independent of the other version's.
        var versionNoise = new Dictionary<(string, int), double>();
        for (var d = 0; d < totalDays; d++)
        {
            var day = start.AddDays(d);
            var dayEffect = Math.Exp((s.DayNoise * Normal(random)) + (0.08 * Math.Sin(d * 2 * Math.PI / 7)));
            var fleet = s.DailyDevices * (1 + (0.05 * Math.Sin(d * 0.9)));
            var age = totalDays - 1 - d; // days before the latest date
            var newShare = age > s.LaunchDaysAgo ? 0 : 0.6 / (1 + Math.Exp(-0.6 * (s.LaunchDaysAgo - age - 4)));
            foreach (var family in new[] { "AMAZON_FIRE_TV", "AMAZON_TABLETS" })
            {
                var (newCode, previousCode, olderCode) = s.Families && family == "AMAZON_TABLETS" ? ("2051", "2050", "2049") : ("151", "150", "149");
                var versions = new[] { (newCode, newShare, true), (previousCode, (1 - newShare) * 0.92, false), (olderCode, (1 - newShare) * 0.08, false) };
                foreach (var (code, share, isNew) in versions)
                {
                    if (share <= 0)
                        continue;
                    if (!versionNoise.TryGetValue((code, d), out var noise))
                        versionNoise[(code, d)] = noise = Math.Exp((s.VersionDayNoise * Normal(random)) - (s.VersionDayNoise * s.VersionDayNoise / 2));
                    var familyModels = family == "AMAZON_FIRE_TV" ? tvModels : tabletModels;
                    var mix = isNew ? familyModels.Select(m => m.NewShare).ToArray() : familyModels.Select(m => m.Share).ToArray();
                    for (var i = 0; i < familyModels.Count; i++)
                    {
                        var model = familyModels[i];
                        var effect = isNew ? s.Effect * (model.Name == SimulationScenario.DriverModel ? s.DriverEffect : 1) : 1;
                        var cell = Math.Exp((s.CellNoise * Normal(random)) - (s.CellNoise * s.CellNoise / 2));
                        for (var o = 0; o < OsVersions.Length; o++)
                        {
                            var devices = (long)Math.Round(fleet * share * mix[i] * OsShares[o]);
                            if (devices <= 0)
                                continue;
                            var rate = Math.Min(0.5, BaseRate * model.Factor * OsFactors[o] * dayEffect * noise * cell * effect);
                            var events = Poisson(random, devices * rate);
                            rows.Add(new VersionDayRow(day, code, (double)events / devices, null, devices, events)
                            {
                                DeviceType = family,
                                DeviceModel = model.Name,
                                OsVersion = OsVersions[o],
                            });
                        }
                    }
                }
            }
        }
        return rows;
    }

    private sealed record Model(string Name, string Family, double Share, double NewShare, double Factor);

    /// <summary>
    /// 12 TV and 8 tablet models with fixed shares (the fleet is 70% TV) and rates up to three
    /// times apart. The driver model is the largest TV model, sized to hold DriverShare of the
    /// newest version's devices. A mix shift tilts the newest version toward the models that crash more.
    /// </summary>
    private static List<Model> Models(SimulationScenario s, Random random)
    {
        var list = new List<Model>();
        var tvWeights = Enumerable.Range(0, 12).Select(i => 1.0 / Math.Pow(i + 2, 0.9)).ToArray();
        var tabletWeights = Enumerable.Range(0, 8).Select(i => 1.0 / Math.Pow(i + 1, 0.9)).ToArray();
        // Model factors: fixed by position, so every seed has the same fleet and only the noise differs.
        double Factor(int i, int n) => Math.Exp(Math.Log(3) * ((i * 7 % n) / (double)(n - 1) - 0.5));
        void Add(string family, string prefix, double familyShare, double[] weights, bool driver)
        {
            var sum = weights.Sum();
            for (var i = 0; i < weights.Length; i++)
            {
                var name = driver && i == 0 ? SimulationScenario.DriverModel : prefix + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
                var share = weights[i] / sum;
                if (driver)
                    share = i == 0 ? s.DriverShare / familyShare : weights[i] / (sum - weights[0]) * (1 - (s.DriverShare / familyShare));
                // The driver model crashes at the fleet's typical rate, so its ×3 is neither hidden nor inflated by its base rate.
                list.Add(new Model(name, family, share, share, driver && i == 0 ? 1.0 : Factor(i, weights.Length)));
            }
        }
        Add("AMAZON_FIRE_TV", "AFT", 0.7, tvWeights, driver: true);
        Add("AMAZON_TABLETS", "KF", 0.3, tabletWeights, driver: false);
        // Family shares: 70% TV. Within a family, the new version's mix tilts by exp(MixShift × log factor).
        var result = new List<Model>();
        foreach (var family in list.GroupBy(m => m.Family))
        {
            var familyShare = family.Key == "AMAZON_FIRE_TV" ? 0.7 : 0.3;
            var tilted = family.Select(m => m.Share * Math.Exp(s.MixShift * Math.Log(m.Factor))).ToArray();
            var tiltSum = tilted.Sum();
            result.AddRange(family.Select((m, i) => m with { Share = m.Share * familyShare, NewShare = tilted[i] / tiltSum * familyShare }));
        }
        _ = random;
        return result;
    }

    private static double Normal(Random random)
    {
        // Box–Muller: two uniforms, one normal (the other is thrown away for simplicity).
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Poisson draws: Knuth's product method for small means, a rounded normal above 25 (its skew is then negligible).</summary>
    private static long Poisson(Random random, double mean)
    {
        if (mean <= 0)
            return 0;
        if (mean > 25)
            return Math.Max(0, (long)Math.Round(mean + (Math.Sqrt(mean) * Normal(random))));
        var limit = Math.Exp(-mean);
        long k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }
        return k;
    }
}
