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
/// Fetches what a health check needs with as few requests as the API allows: each rate set's
/// freshness (cached by the client for 5 minutes) for the window and the metrics and dimensions it
/// serves, then, all at once, one Daily query per rate set over the baseline and the window by
/// versionCode, deviceType, deviceModel and osVersion (those the set serves), then
/// one issues query per report type over the window, by versionCode and filtered to the newest and
/// the previous version the rates found. Every request goes through the client, so through its
/// shared rate gate: at most 8 per package from a cold start.
/// </summary>
public static partial class HealthFetcher
{
    /// <summary>The most top issues one check may ask for per report type.</summary>
    public const int MaxTop = 100;
    public const int DefaultTop = 5;

    /// <summary>
    /// Fetches the rows and top issues of one package. <paramref name="top"/> 0 asks for no issues.
    /// A measure whose set is unknown to the server, refuses the query, or lacks its rate metric is
    /// NotAvailable with the reason, and the rest stands; only refused credentials, a closed
    /// session, or every measure failing fail the package.
    /// </summary>
    public static Task<HealthData> FetchHealthAsync(this VitalsClient client, string packageName, int days, int top,
        IVitalsTrace trace, CancellationToken cancellationToken) =>
        FetchHealthAsync(client, packageName, days, top, new HealthPolicy(), trace, cancellationToken);

    /// <summary>
    /// As above; the issues compare the versions <paramref name="policy"/> selects, as
    /// <see cref="HealthEvaluator.SelectSettledVersions"/> does for the rates.
    /// </summary>
    public static async Task<HealthData> FetchHealthAsync(this VitalsClient client, string packageName, int days, int top, HealthPolicy policy,
        IVitalsTrace trace, CancellationToken cancellationToken)
    {
        HealthWindow.CheckDays(days);
        if (top < 0 || top > MaxTop)
            throw new VitalsValidationException("TopOutOfRange", "-Top", top, Messages.HealthTopOutOfRange(top, MaxTop));
        InputChecks.CheckPathName(packageName, "-PackageName");

        // Each set's own freshness answer says which metrics it serves: the server is the authority.
        var freshness = await Task.WhenAll(HealthMeasure.All.Select(m =>
            AttemptAsync(() => client.GetFreshnessAsync(packageName, m.MetricSet, trace, cancellationToken)))).ConfigureAwait(false);
        var window = WindowOf(packageName, freshness, days);
        trace.Verbose(Messages.HealthPlan(packageName, window, top));

        var measures = HealthMeasure.All.Select((m, i) => ReadMeasureAsync(client, packageName, m, freshness[i], window, trace, cancellationToken)).ToArray();
        var results = await Task.WhenAll(measures).ConfigureAwait(false);
        if (results.All(r => r.Failure is not null))
            throw results[0].Failure!;
        // The issues need the versions the rates found, so they follow them: two requests, together.
        var crashIssues = ReadIssuesAsync(client, packageName, results[0], window, top, policy, trace, cancellationToken);
        var anrIssues = ReadIssuesAsync(client, packageName, results[1], window, top, policy, trace, cancellationToken);
        // Both, so neither is left running (or failing unobserved) when the other throws.
        await Task.WhenAll(crashIssues, anrIssues).ConfigureAwait(false);
        var (crashTop, anrTop) = (await crashIssues.ConfigureAwait(false), await anrIssues.ConfigureAwait(false));
        var warnings = new[] { crashTop, anrTop }.Where(r => r.Failure is not null).Select(r => r.Failure!.Message).ToList();
        return new HealthData(packageName, window, results, crashTop.Value, anrTop.Value, warnings);
    }

    /// <summary>The window ends at the crash set's latest Daily data, or the latest any set reports when crash has none.</summary>
    private static HealthWindow WindowOf(string packageName, Attempt<FreshnessInfo>[] freshness, int days)
    {
        var latest = freshness[0].Value?.LatestDaily ?? freshness.Select(f => f.Value?.LatestDaily).Max();
        if (latest is { } day)
            return HealthWindow.EndingAt(day, days);
        throw freshness.All(f => f.Failure is not null)
            ? freshness[0].Failure!
            : new VitalsException(Messages.HealthNoDailyData(packageName), VitalsErrorKind.NotFound, "NoDailyData");
    }

    private static async Task<MeasureRows> ReadMeasureAsync(VitalsClient client, string packageName, HealthMeasure measure,
        Attempt<FreshnessInfo> freshness, HealthWindow window, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        if (freshness.Failure is { } failed)
            return MeasureRows.NotAvailable(measure, failed);
        var served = freshness.Value!.Metrics;
        var missing = new[] { measure.RateMetric, HealthMeasure.DevicesMetric }.FirstOrDefault(m => !served.Contains(m, StringComparer.Ordinal));
        if (missing is not null)
            return MeasureRows.NotAvailable(measure, new VitalsException(Messages.HealthMetricNotServed(measure.MetricSet, missing), VitalsErrorKind.NotFound, "MetricNotServed"));
        // Only what the set lists: a metric it does not serve is null in the report.
        var metrics = measure.QueryMetrics.Where(m => served.Contains(m, StringComparer.Ordinal)).ToArray();
        var dimensions = HealthMeasure.QueryDimensions.Where(d => d == "versionCode" || freshness.Value.Dimensions.Contains(d, StringComparer.Ordinal)).ToArray();
        var rows = await AttemptAsync(() => ReadRatesAsync(client, packageName, measure, metrics, dimensions, window, trace, cancellationToken)).ConfigureAwait(false);
        return rows.Failure is { } e ? MeasureRows.NotAvailable(measure, e) : new MeasureRows(measure, rows.Value!, null, freshness.Value.LatestDaily);
    }

    /// <summary>
    /// Runs one request of a health check and keeps its failure as a value, so one measure's
    /// failure leaves the others standing. Refused credentials and a closed session still throw:
    /// every other request would fail the same way.
    /// </summary>
    private static async Task<Attempt<T>> AttemptAsync<T>(Func<Task<T>> work) where T : class
    {
        try
        {
            return new Attempt<T>(await work().ConfigureAwait(false), null);
        }
        catch (VitalsException e) when (e.Kind is not (VitalsErrorKind.Authentication or VitalsErrorKind.NotConnected) && e is not VitalsValidationException)
        {
            return new Attempt<T>(null, e);
        }
    }

    private readonly record struct Attempt<T>(T? Value, VitalsException? Failure) where T : class;

    private static async Task<IReadOnlyList<VersionDayRow>> ReadRatesAsync(VitalsClient client, string packageName, HealthMeasure measure,
        IReadOnlyList<string> metrics, IReadOnlyList<string> dimensions, HealthWindow window, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        // Times and metrics are all given, so planning sends nothing.
        var query = new MetricQuery(packageName, measure.MetricSet)
        {
            Period = AggregationPeriod.Daily,
            Start = window.BaselineStart,
            End = window.WindowEnd,
            Metrics = metrics,
            Dimensions = dimensions,
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
            (Column("versionCode"), Column(measure.RateMetric), Column(measure.UserPerceivedMetric), Column(HealthMeasure.DevicesMetric), Column(measure.CountMetric));
        var (deviceType, deviceModel, osVersion) = (Column("deviceType"), Column("deviceModel"), Column("osVersion"));

        var rows = new List<VersionDayRow>();
        using var reader = client.OpenQuery(plan, trace, cancellationToken);
        await reader.ReadAllAsync(page =>
        {
            using var row = page.OpenRows();
            while (row.Read())
            {
                object? Get(int i) => i >= 0 ? row.GetValue(i) : null;
                rows.Add(new VersionDayRow(
                    VitalsTime.UtcDate(row.StartTime),
                    Get(version) as string ?? "",
                    AsDouble(Get(rate)),
                    AsDouble(Get(userPerceived)),
                    AsLong(Get(devices)),
                    AsLong(Get(count)))
                {
                    DeviceType = Get(deviceType) as string,
                    DeviceModel = Get(deviceModel) as string,
                    OsVersion = Get(osVersion) as string,
                });
            }
        }).ConfigureAwait(false);
        return rows;
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
