using System;
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
        => ColumnJudge.Judge(HealthMeasure.Crash, latestDaily, days, day, versionCode, deviceType, deviceModel, osVersion, devices, affected,
            new HealthPolicy { Confidence = confidence, MinChange = minChange, ProvisionalDays = provisionalDays });
}
