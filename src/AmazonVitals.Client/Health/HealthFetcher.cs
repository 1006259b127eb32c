using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Health;

/// <summary>
/// Fetches what a health check needs with as few requests as the API allows: the crash set's
/// freshness (cached by the client for 5 minutes) for the window, then, all at once, one Daily
/// query per rate set over the baseline and the window by versionCode, and one issues query per
/// report type over the window. Every request goes through the client, so through its shared rate
/// gate; the five are started together and run as the gate allows.
/// </summary>
public static class HealthFetcher
{
    /// <summary>The most top issues one check may ask for per report type.</summary>
    public const int MaxTop = 100;
    public const int DefaultTop = 5;

    /// <summary>Fetches the rows and top issues of one package. <paramref name="top"/> 0 asks for no issues.</summary>
    public static async Task<HealthData> FetchHealthAsync(this VitalsClient client, string packageName, int days, int top,
        IVitalsTrace trace, CancellationToken cancellationToken)
    {
        HealthWindow.CheckDays(days);
        if (top < 0 || top > MaxTop)
            throw new VitalsValidationException("TopOutOfRange", "-Top", top, Messages.HealthTopOutOfRange(top, MaxTop));
        if (string.IsNullOrWhiteSpace(packageName))
            throw new VitalsValidationException("EmptyName", "-PackageName", packageName, Messages.EmptyName("-PackageName"));

        var freshness = await client.GetFreshnessAsync(packageName, KnownMetricSets.Crash, trace, cancellationToken).ConfigureAwait(false);
        var latest = freshness.LatestDaily
            ?? throw new VitalsException(Messages.HealthNoDailyData(packageName), VitalsErrorKind.NotFound, "NoDailyData");
        var window = HealthWindow.EndingAt(latest, days);
        trace.Verbose(Messages.HealthPlan(packageName, window, top));

        var crash = ReadRatesAsync(client, packageName, HealthMeasure.Crash, window, trace, cancellationToken);
        var anr = ReadRatesAsync(client, packageName, HealthMeasure.Anr, window, trace, cancellationToken);
        var lmk = ReadRatesAsync(client, packageName, HealthMeasure.Lmk, window, trace, cancellationToken);
        var crashIssues = top > 0 ? ReadIssuesAsync(client, packageName, ReportType.Crash, window, top, trace, cancellationToken) : Task.FromResult<HealthIssues?>(null);
        var anrIssues = top > 0 ? ReadIssuesAsync(client, packageName, ReportType.Anr, window, top, trace, cancellationToken) : Task.FromResult<HealthIssues?>(null);
        await Task.WhenAll(crash, anr, lmk, crashIssues, anrIssues).ConfigureAwait(false);

        return new HealthData(packageName, window,
            await crash.ConfigureAwait(false), await anr.ConfigureAwait(false), await lmk.ConfigureAwait(false),
            await crashIssues.ConfigureAwait(false), await anrIssues.ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<VersionDayRow>> ReadRatesAsync(VitalsClient client, string packageName, HealthMeasure measure,
        HealthWindow window, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        // Times and metrics are all given, so planning sends nothing.
        var query = new MetricQuery(packageName, measure.MetricSet)
        {
            Period = AggregationPeriod.Daily,
            Start = window.BaselineStart,
            End = window.WindowEnd,
            Metrics = measure.QueryMetrics,
            Dimensions = new[] { "versionCode" },
        };
        var plan = await client.PlanAsync(query, null, trace, cancellationToken).ConfigureAwait(false);
        var columns = plan.Schema.Columns;
        int Column(string name)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (string.Equals(columns[i], name, StringComparison.Ordinal))
                    return i;
            }
            return -1;
        }
        var (version, rate, userPerceived, devices, count) =
            (Column("versionCode"), Column(measure.RateMetric), Column(measure.UserPerceivedMetric), Column("distinctDevices"), Column(measure.CountMetric));

        var rows = new List<VersionDayRow>();
        using var reader = client.OpenQuery(plan, trace, cancellationToken);
        while (await reader.ReadAsync().ConfigureAwait(false) is { } page)
        {
            reader.Prefetch();
            foreach (var row in page.Rows)
            {
                var values = row.Values;
                object? Get(int i) => i >= 0 && i < values.Length ? values[i] : null;
                rows.Add(new VersionDayRow(
                    VitalsTime.UtcDate(row.StartTime),
                    Get(version) as string ?? "",
                    AsDouble(Get(rate)),
                    AsDouble(Get(userPerceived)),
                    AsLong(Get(devices)),
                    AsLong(Get(count))));
            }
        }
        return rows;
    }

    private static async Task<HealthIssues?> ReadIssuesAsync(VitalsClient client, string packageName, ReportType reportType,
        HealthWindow window, int top, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        var query = new IssueQuery(packageName, reportType) { Start = window.WindowStart, End = window.WindowEnd, PageSize = top };
        var plan = await client.PlanAsync(query, top, trace, cancellationToken).ConfigureAwait(false);
        // The server ranks issues by events, so the first page of Top rows is the answer.
        using var reader = client.OpenIssues(plan, trace, cancellationToken);
        var page = await reader.ReadAsync().ConfigureAwait(false);
        return new HealthIssues(plan, page?.Rows.Take(top).ToList() ?? new List<IssueRow>());
    }

    private static double? AsDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        _ => null,
    };

    private static long? AsLong(object? value) => value switch
    {
        long l => l,
        double d => (long)Math.Round(d),
        _ => null,
    };
}
