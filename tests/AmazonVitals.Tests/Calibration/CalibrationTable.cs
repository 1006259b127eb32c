using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AmazonVitals.Client.Health;

namespace AmazonVitals.Tests.Calibration;

/// <summary>One row of the calibration table: a scenario run many times, and how its verdicts fell.</summary>
public sealed record CalibrationRow(SimulationScenario Scenario, int Measures, int Regressed, int Improved, int Stable, int NotEnoughData, int DriverFirst,
    double MeanRawChange, double MeanChange, int MixExplained)
{
    public double RegressedShare => (double)Regressed / Measures;
    public double ImprovedShare => (double)Improved / Measures;
    public double AlarmShare => (double)(Regressed + Improved) / Measures;
    public double DriverFirstShare => (double)DriverFirst / Measures;
}

/// <summary>Runs scenarios through <see cref="HealthSimulator"/> and tallies the verdicts.</summary>
public static class CalibrationTable
{
    /// <summary>Seeds differ by scenario and by measure, so rows are independent and every run is the same.</summary>
    public static CalibrationRow Run(SimulationScenario scenario, int measures, int seedBase)
    {
        var verdicts = new HealthVerdict[measures];
        var driverFirst = new bool[measures];
        var raw = new double[measures];
        var adjusted = new double[measures];
        var explained = new bool[measures];
        Parallel.For(0, measures, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var m = HealthSimulator.Run(scenario, seedBase + (i * 7919));
            verdicts[i] = m.Verdict;
            driverFirst[i] = m.TopDriver is { Dimension: "deviceModel", Value: SimulationScenario.DriverModel };
            raw[i] = m.RawChange ?? double.NaN;
            adjusted[i] = m.Change ?? double.NaN;
            explained[i] = m.Explanation?.Contains("device-mix shift", StringComparison.Ordinal) == true;
        });
        return new CalibrationRow(scenario, measures,
            verdicts.Count(v => v == HealthVerdict.Regressed),
            verdicts.Count(v => v == HealthVerdict.Improved),
            verdicts.Count(v => v == HealthVerdict.Stable),
            verdicts.Count(v => v == HealthVerdict.NotEnoughData),
            Enumerable.Range(0, measures).Count(i => driverFirst[i] && verdicts[i] is HealthVerdict.Regressed or HealthVerdict.Improved),
            raw.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average(), adjusted.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average(),
            explained.Count(e => e));
    }

    /// <summary>The table as Markdown, as docs/calibration.md shows it.</summary>
    public static string Markdown(IEnumerable<CalibrationRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| Scenario | Devices/day | Noise | Measures | Regressed | Improved | Stable | NotEnoughData | Driver named first | Mean raw change | Mean adjusted change | Said \"device-mix shift\" |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:0%} | {3:N0} | {4:0.0%} | {5:0.0%} | {6:0.0%} | {7:0.0%} | {8} | {9:+0.0%;-0.0%;0.0%} | {10:+0.0%;-0.0%;0.0%} | {11:0.0%} |",
                r.Scenario.Name, r.Scenario.DailyDevices, r.Scenario.VersionDayNoise, r.Measures, r.RegressedShare, r.ImprovedShare,
                (double)r.Stable / r.Measures, (double)r.NotEnoughData / r.Measures,
                r.Scenario.DriverEffect != 1 ? r.DriverFirstShare.ToString("0.0%", CultureInfo.InvariantCulture) : "–",
                r.MeanRawChange, r.MeanChange, (double)r.MixExplained / r.Measures));
        }
        return text.ToString();
    }
}
