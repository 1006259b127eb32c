using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace AmazonVitals.Tests.Calibration;

/// <summary>
/// The calibration table of docs/calibration.md, measured: 1,000 simulated checks per row, at the
/// default confidence (0.99) and MinChange (10%). Each row's bound is the issue's promise with
/// room for Monte Carlo error only (at 1,000 measures, a true 1% is seen above 1.8% about 1 time in 100).
/// </summary>
public sealed class CalibrationTests
{
    public const int Measures = 1000;
    private readonly ITestOutputHelper _output;

    public CalibrationTests(ITestOutputHelper output) => _output = output;

    /// <summary>A scenario and the bound its row must meet: the share it counts must be at least, or at most, the limit.</summary>
    public sealed record Case(SimulationScenario Scenario, Func<CalibrationRow, double> Share, bool AtLeast, double Limit, string Promise);

    /// <summary>Monte Carlo room at 1,000 measures: three standard errors of a true 1%.</summary>
    private const double FalseAlarmBound = 0.01 + 0.0095;

    public static IReadOnlyList<Case> Cases()
    {
        var list = new List<Case>();
        void AtMost(SimulationScenario s, Func<CalibrationRow, double> share, double limit, string promise) => list.Add(new Case(s, share, false, limit, promise));
        void AtLeast(SimulationScenario s, Func<CalibrationRow, double> share, double limit, string promise) => list.Add(new Case(s, share, true, limit, promise));
        foreach (var noise in new[] { 0.0, 0.05, 0.15, 0.25 })
            AtMost(new SimulationScenario { Name = "Same rates", VersionDayNoise = noise }, r => r.AlarmShare, FalseAlarmBound, "Regressed or Improved at most 1%");
        AtMost(new SimulationScenario { Name = "Same rates", DailyDevices = 5_000 }, r => r.AlarmShare, FalseAlarmBound, "Regressed or Improved at most 1%");
        AtMost(new SimulationScenario { Name = "Same rates", DailyDevices = 200_000, VersionDayNoise = 0.25 }, r => r.AlarmShare, FalseAlarmBound, "Regressed or Improved at most 1%");
        AtMost(new SimulationScenario { Name = "Same rates, launched 5 days ago", LaunchDaysAgo = 5 }, r => r.AlarmShare, FalseAlarmBound, "Regressed or Improved at most 1%");
        AtMost(new SimulationScenario { Name = "Device-mix shift toward crashy models", MixShift = 2.5 }, r => r.RegressedShare, FalseAlarmBound, "not Regressed in at least 99%");
        AtMost(new SimulationScenario { Name = "Device-mix shift away from them", MixShift = -2.5 }, r => r.ImprovedShare, FalseAlarmBound, "not Improved in at least 99%");
        AtMost(new SimulationScenario { Name = "Device families with their own codes, mix shift", Families = true, MixShift = 2.5 }, r => r.RegressedShare, FalseAlarmBound, "not Regressed in at least 99%");
        AtLeast(new SimulationScenario { Name = "×1.5 on every device", Effect = 1.5 }, r => r.RegressedShare, 0.95, "Regressed in at least 95%");
        AtLeast(new SimulationScenario { Name = "×1/1.5 on every device", Effect = 1 / 1.5 }, r => r.ImprovedShare, 0.95, "Improved in at least 95%");
        // Reported, with floors a little below what was measured, so a loss of power turns the test red.
        AtLeast(new SimulationScenario { Name = "×1.3 on every device", Effect = 1.3 }, r => r.RegressedShare, 0.65, "power reported");
        AtLeast(new SimulationScenario { Name = "×1.2 on every device", Effect = 1.2 }, r => r.RegressedShare, 0.28, "power reported");
        AtLeast(new SimulationScenario { Name = "×3 on one model (30% of devices)", DriverEffect = 3 }, r => r.DriverFirstShare, 0.90, "Regressed with that model first in at least 90%");
        AtLeast(new SimulationScenario { Name = "×1/3 on one model (30% of devices)", DriverEffect = 1.0 / 3 }, r => r.DriverFirstShare, 0.30, "power reported (a −20% change)");
        return list;
    }

    [Fact]
    public void Every_row_keeps_its_promise()
    {
        var cases = Cases();
        var rows = cases.Select((c, i) => CalibrationTable.Run(c.Scenario, Measures, 1_000_003 * (i + 1))).ToList();
        var table = CalibrationTable.Markdown(rows);
        _output.WriteLine(table);
        var path = Environment.GetEnvironmentVariable("AMAZONVITALS_CALIBRATION_OUT");
        if (!string.IsNullOrEmpty(path))
            File.WriteAllText(path, table);
        var broken = cases.Select((c, i) => (c, share: c.Share(rows[i])))
            .Where(x => x.c.AtLeast ? x.share < x.c.Limit : x.share > x.c.Limit)
            .Select(x => $"{x.c.Scenario.Name} (noise {x.c.Scenario.VersionDayNoise:0%}): {x.share:0.0%}, promised {x.c.Promise} ({(x.c.AtLeast ? ">=" : "<=")} {x.c.Limit:0.0%})")
            .ToList();
        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken) + Environment.NewLine + table);
    }
}
