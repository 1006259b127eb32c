using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Health;

public static partial class HealthFetcher
{
    /// <summary>
    /// The rows one issues query reads when it compares versions: ten times -Top, and at least 100,
    /// so an issue just outside the previous version's top is still found there (and not called
    /// New). One page: the budget of requests per package stays fixed.
    /// </summary>
    public static int IssueDepth(int top) => Math.Min(QueryPlanner.MaxPageSize, Math.Max(100, top * 10));

    /// <summary>
    /// One issues query for a measure's report type over the window. With the versions the rates
    /// found, the query has the versionCode dimension and a versionCode filter of the newest and
    /// the previous version, so one request serves both sides of the comparison. Without a version
    /// (the measure is not available, or no version reaches MinDevices), the window's top issues.
    /// </summary>
    private static async Task<Attempt<HealthIssues>> ReadIssuesAsync(VitalsClient client, string packageName, MeasureRows measure,
        HealthWindow window, int top, HealthPolicy policy, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        if (top == 0 || measure.Measure.ReportType is not { } reportType)
            return new Attempt<HealthIssues>(null, null);
        var (newVersion, previousVersion) = measure.Failure is null
            ? HealthEvaluator.SelectSettledVersions(measure.Rows, window, policy)
            : (null, null);
        return await AttemptAsync(() => ReadVersionIssuesAsync(client, packageName, reportType, window, top,
            newVersion?.VersionCode, previousVersion?.VersionCode, trace, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<HealthIssues> ReadVersionIssuesAsync(VitalsClient client, string packageName, ReportType reportType,
        HealthWindow window, int top, string? newVersion, string? previousVersion, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        var query = new IssueQuery(packageName, reportType) { Start = window.WindowStart, End = window.WindowEnd, PageSize = top };
        if (newVersion is not null)
        {
            var versions = previousVersion is null ? new[] { newVersion } : new[] { newVersion, previousVersion };
            query.Dimensions = new[] { "versionCode" };
            query.Filter = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["versionCode"] = versions };
            query.PageSize = IssueDepth(top);
        }
        var plan = await client.PlanAsync(query, query.PageSize, trace, cancellationToken).ConfigureAwait(false);
        // The server ranks issues by events, so the first page holds the top of each version.
        using var reader = client.OpenIssues(plan, trace, cancellationToken);
        var page = await reader.ReadAsync().ConfigureAwait(false);
        var rows = page?.Rows ?? (IReadOnlyList<IssueRow>)Array.Empty<IssueRow>();
        var complete = page?.NextPageToken is null;
        return newVersion is null
            ? new HealthIssues(plan, rows.Take(top).ToList())
            : new HealthIssues(plan, rows, newVersion, previousVersion, complete, top);
    }
}
