using System;
using System.Collections.Generic;
using AmazonVitals.Client.Health;

namespace AmazonVitals;

/// <summary>
/// The calibration hook: judges rows that a simulator made with the module's own evaluator, the
/// code Get-VitalsHealth runs on the rows it fetched. Simulators in any language can then measure
/// the verdicts' false-alarm rate and power against the built module without a server, since the
/// judgement is a pure function of rows. Columns come as parallel arrays, one element per
/// date×version×slice row, so PowerShell can pass them without the client's own types (which
/// live in the module's private load context).
/// </summary>
public static class HealthCalibration
{
    /// <summary>
    /// Judges one crash measure of a check whose window of <paramref name="days"/> dates ends at
    /// <paramref name="latestDaily"/>, with its baseline before it. <paramref name="affected"/> is
    /// the affected device-days of each row (rate × devices); the rate is affected ÷ devices.
    /// </summary>
    public static MeasureHealth JudgeCrash(DateTime latestDaily, int days, DateTime[] day, string[] versionCode, string?[] deviceType,
        string?[] deviceModel, string?[] osVersion, long[] devices, double[] affected, double confidence, double minChange, int provisionalDays)
    {
        var n = day.Length;
        if (versionCode.Length != n || deviceType.Length != n || deviceModel.Length != n || osVersion.Length != n || devices.Length != n || affected.Length != n)
            throw new ArgumentException("Every column needs one value per row.");
        var rows = new List<VersionDayRow>(n);
        for (var i = 0; i < n; i++)
        {
            var rate = devices[i] > 0 ? affected[i] / devices[i] : (double?)null;
            rows.Add(new VersionDayRow(DateTime.SpecifyKind(day[i].Date, DateTimeKind.Utc), versionCode[i], rate, null, devices[i], (long)Math.Round(affected[i]))
            {
                DeviceType = deviceType[i],
                DeviceModel = deviceModel[i],
                OsVersion = osVersion[i],
            });
        }
        var policy = new HealthPolicy { Confidence = confidence, MinChange = minChange, ProvisionalDays = provisionalDays };
        policy.Check(days);
        return HealthEvaluator.EvaluateMeasure(HealthMeasure.Crash, rows, HealthWindow.EndingAt(latestDaily, days), policy);
    }
}
