using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Health;

/// <summary>
/// Judges one measure from parallel columns, one element per date×version×slice row: the shape a
/// simulator in any language can hand over. It builds the rows here, in the client, because the
/// cmdlet assembly (netstandard2.0) cannot set the rows' init-only properties of the net8.0 client
/// PowerShell 7 loads: the two builds name different IsExternalInit types.
/// </summary>
public static class ColumnJudge
{
    /// <summary>
    /// Judges <paramref name="measure"/> for a window of <paramref name="days"/> dates ending at
    /// <paramref name="latestDaily"/>, its baseline before it. <paramref name="affected"/> is each
    /// row's affected device-days (rate × devices).
    /// </summary>
    public static MeasureHealth Judge(HealthMeasure measure, DateTime latestDaily, int days, DateTime[] day, string[] versionCode, string?[] deviceType,
        string?[] deviceModel, string?[] osVersion, long[] devices, double[] affected, HealthPolicy policy)
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
        policy.Check(days);
        return HealthEvaluator.EvaluateMeasure(measure, rows, HealthWindow.EndingAt(latestDaily, days), policy);
    }
}
