using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Paging;

namespace AmazonVitals.Client.History;

/// <summary>
/// A history dataset on disk: Sync-VitalsHistory writes it, Get-VitalsHistory, the health check
/// and the report read it. Opened for a sync it holds the folder's lock until disposed, and starts
/// by clearing what a killed sync left in the staging folder.
/// </summary>
public sealed class HistoryStore : IDisposable
{
    /// <summary>The dimensions a first sync keeps by default, where the freshness answer lists them: the ones the health check breaks rates down by.</summary>
    public static IReadOnlyList<string> DefaultDimensions { get; } = new[] { "versionCode", "deviceType", "deviceModel", "osVersion" };

    private readonly HistoryLock? _lock;

    private HistoryStore(HistoryLayout layout, HistoryLock? held)
    {
        Layout = layout;
        _lock = held;
        Manifest = HistoryManifest.Load(layout);
    }

    internal HistoryLayout Layout { get; }
    internal HistoryManifest Manifest { get; }

    /// <summary>The dataset's folder, full path.</summary>
    public string Root => Layout.Root;

    /// <summary>Opens (and creates) a folder to sync into, holding its lock.</summary>
    public static HistoryStore OpenForSync(string path)
    {
        RequireParquet();
        var layout = new HistoryLayout(path);
        return HistoryFiles.Guard(layout.Root, () =>
        {
            var held = HistoryLock.Acquire(layout);
            try
            {
                // Only a sync holding the lock writes here, so whatever is staged was left by one that died.
                if (Directory.Exists(layout.Staging))
                    Directory.Delete(layout.Staging, recursive: true);
                Directory.CreateDirectory(layout.Staging);
                return new HistoryStore(layout, held);
            }
            catch
            {
                held.Dispose();
                throw;
            }
        });
    }

    /// <summary>Opens a folder to plan a sync without writing (-WhatIf): no lock, nothing created.</summary>
    public static HistoryStore OpenToPlan(string path)
    {
        RequireParquet();
        return new HistoryStore(new HistoryLayout(path), null);
    }

    /// <summary>Opens an existing dataset to read.</summary>
    public static HistoryStore OpenForRead(string path)
    {
        RequireParquet();
        var layout = new HistoryLayout(path);
        if (!Directory.Exists(layout.Root))
            throw new VitalsValidationException("HistoryFolderNotFound", "-Path", path, Messages.HistoryFolderNotFound(layout.Root));
        if (!File.Exists(layout.Manifest))
            throw new VitalsValidationException("HistoryFolderNotADataset", "-Path", path, Messages.HistoryFolderNotADataset(layout.Root));
        return new HistoryStore(layout, null);
    }

    /// <summary>
    /// Decides what a sync of one package and set does: which dates are missing, which are
    /// refreshed, and the one query that covers them. Asks the server for freshness and checks the
    /// query (no rows are fetched here).
    /// </summary>
    public async Task<HistorySyncPlan> PlanSyncAsync(VitalsClient client, HistorySyncRequest request, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        // Always asked afresh: a cached latest date from before midnight would store the new date's
        // rows a day late, or an empty partition for a date the server has not published yet.
        var freshness = await client.GetFreshnessAsync(request.PackageName, request.MetricSet, trace, cancellationToken, fresh: true).ConfigureAwait(false);
        var stored = Manifest.ShapeOf(freshness.MetricSet, request.Period);
        var dimensions = request.Dimensions ?? stored?.Dimensions
            ?? DefaultDimensions.Where(d => freshness.Dimensions.Contains(d, StringComparer.OrdinalIgnoreCase)).ToArray();
        var metrics = request.Metrics ?? stored?.Metrics ?? Array.Empty<string>();
        var latest = freshness.LatestFor(request.Period)
            ?? throw new VitalsException(Messages.HistoryNoData(request.PackageName, freshness.MetricSet, request.Period.ToString()), VitalsErrorKind.NotFound, "HistoryNoData");
        var window = HistoryWindow.For(request.Period, latest);
        var have = Layout.StoredDates(request.PackageName, freshness.MetricSet, request.Period);
        var (missing, refresh) = window.ToFetch(have, request.RefreshDays);
        var fetch = missing.Concat(refresh).OrderBy(d => d).ToList();

        // The planner checks the names and puts them in the server's case; the shape is then exact.
        var query = new MetricQuery(request.PackageName, freshness.MetricSet)
        {
            Period = request.Period,
            Start = fetch.Count > 0 ? fetch[0] : window.Dates[0],
            End = fetch.Count > 0 ? window.EndOf(fetch[fetch.Count - 1]) : window.EndOf(window.Dates[0]),
            Dimensions = dimensions,
            Metrics = metrics,
            PageSize = request.PageSize ?? QueryPlanner.MaxPageSize,
        };
        var plan = await client.PlanAsync(query, null, trace, cancellationToken).ConfigureAwait(false);
        var shape = new HistoryShape(plan.Schema.Dimensions, plan.Schema.Metrics);
        if (stored is not null && !stored.SameAs(shape))
            throw new VitalsValidationException("HistoryShapeMismatch", request.Dimensions is null ? "-Metric" : "-Dimension", shape.ToString(),
                Messages.HistoryShapeMismatch(Layout.Root, freshness.MetricSet, stored.ToString(), shape.ToString()));
        long? estimate = have.Count == 0 ? null
            : await NewestRowsAsync(request.PackageName, freshness.MetricSet, request.Period, have.Max, cancellationToken).ConfigureAwait(false) * fetch.Count;
        return new HistorySyncPlan(plan, shape, stored is null, fetch.Count > 0 ? plan : null, missing, refresh, have, window.Dates[0], estimate);
    }

    /// <summary>The rows of the newest stored date, from its footer: what a date costs, for -WhatIf's estimate.</summary>
    private async Task<long> NewestRowsAsync(string package, string metricSet, AggregationPeriod period, DateTime newest, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        var (_, rows) = await Parquet.PartitionMetadata.ReadAsync(Layout.PartitionFile(package, metricSet, period, newest), cancellationToken).ConfigureAwait(false);
        return rows ?? 0;
#else
        await Task.CompletedTask.ConfigureAwait(false);
        throw NeedsPowerShell74();
#endif
    }

    /// <summary>The dates whose top issues -IncludeIssues fetches: those the folder lacks, and the newest <paramref name="refreshDays"/>.</summary>
    public async Task<HistoryIssuesPlan> PlanIssuesSyncAsync(VitalsClient client, string package, int refreshDays, int top, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        // Issues follow the freshness of their own rate set (crash issues crashMetricSet's, ANR
        // issues anrMetricSet's; api-notes), and the issues set itself may have no freshness
        // answer at all. A date is kept once both types are ready.
        var crash = await client.GetFreshnessAsync(package, KnownMetricSets.Crash, trace, cancellationToken, fresh: true).ConfigureAwait(false);
        var anr = await client.GetFreshnessAsync(package, KnownMetricSets.Anr, trace, cancellationToken, fresh: true).ConfigureAwait(false);
        var latest = crash.LatestDaily is { } c && anr.LatestDaily is { } a ? (c < a ? c : a)
            : throw new VitalsException(Messages.HistoryNoData(package, KnownMetricSets.Issues, "Daily"), VitalsErrorKind.NotFound, "HistoryNoData");
        var window = HistoryWindow.For(AggregationPeriod.Daily, latest);
        var (missing, refresh) = window.ToFetch(Layout.StoredDates(package, KnownMetricSets.Issues, AggregationPeriod.Daily), refreshDays);
        return new HistoryIssuesPlan(package, top, missing, refresh);
    }

    /// <summary>Fetches and places each planned date's top issues, a date at a time.</summary>
    public Task<HistorySyncResult> SyncIssuesAsync(VitalsClient client, HistoryIssuesPlan plan, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        if (_lock is null)
            throw new InvalidOperationException("A store opened to plan cannot sync.");
#if NET8_0_OR_GREATER
        return Parquet.IssuePartitions.SyncAsync(Layout, client, plan, trace, cancellationToken);
#else
        throw NeedsPowerShell74();
#endif
    }

    /// <summary>Starts writing the rows of a plan's query (a plan with nothing to fetch has none).</summary>
    public HistorySync StartSync(HistorySyncPlan plan)
    {
        if (_lock is null)
            throw new InvalidOperationException("A store opened to plan cannot sync.");
#if NET8_0_OR_GREATER
        if (plan.IsNewShape)
            HistoryFiles.Guard(Layout.Manifest, () => Manifest.Record(Layout, plan.MetricSet, plan.Period, plan.Shape.AsShape()));
        return new Parquet.ParquetHistorySync(Layout, plan);
#else
        throw NeedsPowerShell74();
#endif
    }

    /// <summary>The stored sets a read covers: one plan per package and metric set, in order.</summary>
    public IReadOnlyList<QueryPlan> PlanRead(HistoryReadRequest request)
    {
        var plans = new List<QueryPlan>();
        var packages = request.PackageNames ?? Layout.Packages().ToArray();
        foreach (var package in packages)
        {
            var sets = request.MetricSets ?? Layout.MetricSets(package, request.Period).ToArray();
            foreach (var set in sets)
            {
                var shape = Manifest.ShapeOf(set, request.Period);
                if (shape is null || !Directory.Exists(Layout.SetFolder(package, set, request.Period)))
                    continue;
                var metrics = request.Metrics is null
                    ? shape.Metrics
                    : request.Metrics.Select(m => shape.Metrics.FirstOrDefault(s => string.Equals(s, m, StringComparison.OrdinalIgnoreCase))
                        ?? throw new VitalsValidationException("HistoryMetricNotStored", "-Metric", m, Messages.HistoryMetricNotStored(m, set, shape.Metrics))).ToArray();
                plans.Add(new QueryPlan(package, set, request.Period, request.Start, request.End, new RowSchema(shape.Dimensions, metrics),
                    request.Filter, QueryPlanner.MaxPageSize, reportType: null));
            }
        }
        return plans;
    }

    /// <summary>The stored rows of one read plan, as pages (one per Parquet row group), read as they are asked for.</summary>
    public PageReader<MetricPage> OpenRead(QueryPlan plan, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        var files = Layout.StoredDates(plan.PackageName, plan.MetricSet, plan.Period)
            .Where(d => d < plan.End && d.AddDays(1) > plan.Start)
            .Select(d => Layout.PartitionFile(plan.PackageName, plan.MetricSet, plan.Period, d))
            .ToList();
        var pages = new Parquet.StoredPages(files, plan);
        return new PageReader<MetricPage>(pages.ReadAsync, cancellationToken);
#else
        throw NeedsPowerShell74();
#endif
    }

    public void Dispose() => _lock?.Dispose();

    private static void RequireParquet()
    {
#if !NET8_0_OR_GREATER
        throw NeedsPowerShell74();
#endif
    }

    private static VitalsException NeedsPowerShell74() =>
        new(Messages.HistoryNeedsPowerShell74(), VitalsErrorKind.NotSupported, "HistoryNeedsPowerShell74");
}
