using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Health;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History;

/// <summary>
/// The health check's trend beyond the API's window: each measure's daily series gets the stored
/// dates before its first one (Get-VitalsHealth -HistoryPath), so a chart shows the whole kept
/// range. The verdict is not touched: the dates it judges still come from the API.
/// </summary>
public static class HealthHistory
{
    /// <summary>Adds the stored dates to <paramref name="report"/>'s series; returns how many dates were added per measure, at most.</summary>
    public static async Task<int> ExtendAsync(HealthReport report, string historyPath, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        using var store = HistoryStore.OpenForRead(historyPath);
        var series = new List<HealthSeries>();
        var added = 0;
        var measures = report.Measures.ToList();
        for (var i = 0; i < report.Series.Count; i++)
        {
            var current = report.Series[i];
            var first = current.Points.Count > 0 ? current.Points[0].Day : report.Window.BaselineStart;
            var earlier = await ReadDailyAsync(store, report.PackageName, measures[i], first, trace, cancellationToken).ConfigureAwait(false);
            added = Math.Max(added, earlier.Count);
            series.Add(earlier.Count == 0 ? current : current.WithEarlier(earlier));
        }
        report.Series = series;
        return added;
    }

    private static async Task<List<HealthSeriesPoint>> ReadDailyAsync(HistoryStore store, string package, MeasureHealth measure, DateTime before,
        IVitalsTrace trace, CancellationToken cancellationToken)
    {
        IReadOnlyList<QueryPlan> plans;
        try
        {
            plans = store.PlanRead(new HistoryReadRequest
            {
                PackageNames = new[] { package },
                MetricSets = new[] { measure.MetricSet },
                End = before,
                Metrics = new[] { measure.RateMetric, DevicesMetric },
            });
        }
        catch (VitalsValidationException e)
        {
            // A dataset kept without the measure's rate or its devices cannot draw it: the chart keeps the API's dates.
            trace.Verbose(e.Message);
            return new List<HealthSeriesPoint>();
        }
        var days = new SortedDictionary<DateTime, DayTotals>();
        foreach (var plan in plans)
        {
            var version = plan.Schema.DimensionIndex("versionCode", StringComparison.Ordinal);
            using var pages = store.OpenRead(plan, cancellationToken);
            while (await pages.ReadAsync().ConfigureAwait(false) is { } page)
            {
                using var rows = page.OpenRows();
                var rate = plan.Schema.Dimensions.Count;
                var devices = rate + 1;
                while (rows.Read())
                {
                    if (!rows.HasValue(rate) || !rows.HasValue(devices))
                        continue;
                    var day = rows.StartTime.Date;
                    if (!days.TryGetValue(day, out var totals))
                        days[day] = totals = new DayTotals();
                    var code = version >= 0 ? rows.GetText(version) : null;
                    totals.Add(rows.GetRate(rate), rows.GetCount(devices), code == measure.NewVersion, code == measure.PreviousVersion);
                }
            }
        }
        return days.Select(d => d.Value.ToPoint(DateTime.SpecifyKind(d.Key, DateTimeKind.Utc))).ToList();
    }

    private const string DevicesMetric = "distinctDevices";

    /// <summary>A date's device-weighted rates: all versions, the newest and the previous.</summary>
    private sealed class DayTotals
    {
        private double _all, _new, _previous;
        private long _allDevices, _newDevices, _previousDevices;

        public void Add(double rate, long devices, bool isNew, bool isPrevious)
        {
            _all += rate * devices;
            _allDevices += devices;
            if (isNew)
            {
                _new += rate * devices;
                _newDevices += devices;
            }
            if (isPrevious)
            {
                _previous += rate * devices;
                _previousDevices += devices;
            }
        }

        public HealthSeriesPoint ToPoint(DateTime day) => new()
        {
            Day = day,
            FromHistory = true,
            AllRate = _allDevices > 0 ? _all / _allDevices : null,
            AllDevices = _allDevices,
            NewVersionRate = _newDevices > 0 ? _new / _newDevices : null,
            NewVersionDevices = _newDevices,
            PreviousVersionRate = _previousDevices > 0 ? _previous / _previousDevices : null,
            PreviousVersionDevices = _previousDevices,
        };
    }
}
