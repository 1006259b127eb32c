using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.History;
using AmazonVitals.Client.Model;
using AmazonVitals.Tests.Client;
using DuckDB.NET.Data;
using Xunit;

namespace AmazonVitals.Tests.History;

/// <summary>
/// The history store, read by an engine that is not ours: what DuckDB sees in the folder a sync
/// wrote must be what the API served, with the column types the issue promises.
/// </summary>
public sealed class HistoryStoreTests : IDisposable
{
    private const string Set = "crashMetricSet";
    private static readonly string[] Dimensions = { "versionCode", "deviceType", "deviceModel", "osVersion" };
    private readonly string _root = Path.Combine(Path.GetTempPath(), "av-history-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task DuckDB_reads_the_dataset_with_the_rows_and_types_the_API_served()
    {
        await using var harness = await ClientHarness.StartAsync();
        var client = harness.CreateClient();
        var result = await SyncAsync(client, new HistorySyncRequest(ClientHarness.Package, Set));
        Assert.Equal(30, result.DatesAdded);

        var served = await ServedRowsAsync(client, result.OldestDate!.Value, result.NewestDate!.Value.AddDays(1));
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var source = "read_parquet('" + _root.Replace("'", "''", StringComparison.Ordinal) + "/**/*.parquet', hive_partitioning = true)";

        Assert.Equal((long)served.Count, Scalar<long>(duck, "SELECT count(*) FROM " + source));
        Assert.Equal(result.Rows, served.Count);
        var types = Rows(duck, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + source + ")")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["StartTime"]);
        Assert.Equal("VARCHAR", types["versionCode"]);
        Assert.Equal("BIGINT", types["crashCount"]);
        Assert.Equal("BIGINT", types["distinctDevices"]);
        Assert.Equal("DOUBLE", types["crashRate"]);
        Assert.Equal("DATE", types["date"]);
        Assert.Equal("VARCHAR", types["package"]);
        // The dimensions are dictionary-encoded (a handful of values on every row), the metrics not.
        var encodings = Rows(duck, "SELECT DISTINCT path_in_schema, encodings FROM parquet_metadata('"
            + _root.Replace("'", "''", StringComparison.Ordinal) + "/**/*.parquet')")
            .ToLookup(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);
        Assert.All(Dimensions, d => Assert.All(encodings[d], e => Assert.Contains("DICTIONARY", e, StringComparison.Ordinal)));
        Assert.All(encodings["crashRate"], e => Assert.DoesNotContain("DICTIONARY", e, StringComparison.Ordinal));

        // Every value, row for row, in one order both sides can produce.
        var stored = Rows(duck, "SELECT epoch_ms(StartTime), versionCode, deviceType, deviceModel, osVersion, crashCount, distinctDevices, crashRate, "
            + "package, metricSet, period, CAST(date AS VARCHAR) = strftime(StartTime AT TIME ZONE 'UTC', '%Y-%m-%d') FROM " + source
            + "").OrderBy(r => Key((long)r[0]!, r[1], r[2], r[3], r[4]), StringComparer.Ordinal).ToList();
        var expected = served.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            var row = stored[i];
            var want = expected[i];
            Assert.Equal(want.Key, Key((long)row[0]!, row[1], row[2], row[3], row[4]));
            Assert.Equal(want.CrashCount, row[5] as long?);
            Assert.Equal(want.Devices, row[6] as long?);
            Assert.Equal(want.CrashRate, row[7] as double?);
            Assert.Equal(ClientHarness.Package, row[8]);
            Assert.Equal(Set, row[9]);
            Assert.Equal("DAILY", row[10]);
            Assert.True((bool)row[11]!, "the date folder is the row's UTC date");
        }
    }

    [Fact]
    public async Task A_second_sync_fetches_only_the_refresh_days_and_rewrites_nothing_unchanged()
    {
        await using var harness = await ClientHarness.StartAsync();
        var client = harness.CreateClient();
        await SyncAsync(client, new HistorySyncRequest(ClientHarness.Package, Set));
        var files = Directory.GetFiles(_root, "*.parquet", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var logLines = File.ReadAllLines(Path.Combine(_root, "_revisions.jsonl")).Length;

        var again = await SyncAsync(client, new HistorySyncRequest(ClientHarness.Package, Set) { RefreshDays = 2 });

        Assert.Equal((0, 0, 2), (again.DatesAdded, again.DatesRevised, again.DatesUnchanged));
        Assert.Equal(files, Directory.GetFiles(_root, "*.parquet", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.Equal(logLines, File.ReadAllLines(Path.Combine(_root, "_revisions.jsonl")).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "_staging")));
    }

    [Fact]
    public async Task A_sync_that_asks_for_another_shape_is_refused_before_anything_is_fetched()
    {
        await using var harness = await ClientHarness.StartAsync();
        var client = harness.CreateClient();
        await SyncAsync(client, new HistorySyncRequest(ClientHarness.Package, Set));
        using var store = HistoryStore.OpenForSync(_root);
        var e = await Assert.ThrowsAsync<AmazonVitals.Client.Errors.VitalsValidationException>(() =>
            store.PlanSyncAsync(client, new HistorySyncRequest(ClientHarness.Package, Set) { Dimensions = new[] { "countryCode" } }, NullTrace.Instance, CancellationToken.None));
        Assert.Equal("HistoryShapeMismatch", e.ErrorId);
        Assert.Contains("versionCode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_in_any_order_and_over_any_pages_store_the_same_partitions()
    {
        // Pages of 1,500 rows: most hold one date (written as they are), some two (gathered).
        await using var harness = await ClientHarness.StartAsync();
        var client = harness.CreateClient();
        var sorted = await SyncAsync(client, new HistorySyncRequest(ClientHarness.Package, Set) { PageSize = 1500 });
        var sortedSums = await ChecksumsAsync(_root);

        // The server may send rows breakdown by breakdown, every date on every page.
        await harness.ConfigAsync("{\"datesInterleaved\":true}");
        var interleavedRoot = _root + "-interleaved";
        try
        {
            var interleaved = await SyncAsync(client, new HistorySyncRequest(ClientHarness.Package, Set) { PageSize = 7000 }, interleavedRoot);
            Assert.Equal(sorted.Rows, interleaved.Rows);
            Assert.Equal(30, interleaved.DatesAdded);
            Assert.Equal(sortedSums, await ChecksumsAsync(interleavedRoot));
            using var duck = new DuckDBConnection("Data Source=:memory:");
            duck.Open();
            string Rows(string root) => "SELECT StartTime, versionCode, deviceType, deviceModel, osVersion, crashCount, crashRate, distinctDevices FROM read_parquet('" + root + "/**/*.parquet')";
            Assert.Equal(0L, Scalar<long>(duck, "SELECT count(*) FROM ((" + Rows(_root) + ") EXCEPT ALL (" + Rows(interleavedRoot) + "))"));
            Assert.Equal(0L, Scalar<long>(duck, "SELECT count(*) FROM ((" + Rows(interleavedRoot) + ") EXCEPT ALL (" + Rows(_root) + "))"));
        }
        finally
        {
            if (Directory.Exists(interleavedRoot))
                Directory.Delete(interleavedRoot, recursive: true);
        }
    }

    [Fact]
    public async Task DuckDB_reads_each_dates_top_issues_as_the_API_ranked_them()
    {
        await using var harness = await ClientHarness.StartAsync();
        var client = harness.CreateClient();
        HistorySyncResult result;
        using (var store = HistoryStore.OpenForSync(_root))
        {
            var plan = await store.PlanIssuesSyncAsync(client, ClientHarness.Package, 3, 3, NullTrace.Instance, CancellationToken.None);
            result = await store.SyncIssuesAsync(client, plan, NullTrace.Instance, CancellationToken.None);
        }
        Assert.Equal(30, result.DatesAdded);
        Assert.Equal(62, result.Requests);

        // One date's crash issues, asked of the API directly, against what DuckDB reads.
        var day = result.NewestDate!.Value.AddDays(-5);
        var planned = await client.PlanAsync(new IssueQuery(ClientHarness.Package, ReportType.Crash) { Start = day, End = day.AddDays(1), PageSize = 3 }, 3, NullTrace.Instance, CancellationToken.None);
        using var pages = client.OpenIssues(planned, NullTrace.Instance, CancellationToken.None);
        var served = (await pages.ReadAsync())!.Rows.Take(3).ToList();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var stored = Rows(duck, "SELECT rank, reportText, errorEventCount, affectedDeviceCount, typeof(StartTime) FROM read_parquet('" + _root
            + "/package=*/metricSet=issuesMetricSet/period=DAILY/*/*.parquet', hive_partitioning = true) WHERE reportType = 'CRASH' AND date = DATE '"
            + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "' ORDER BY rank");
        Assert.Equal(served.Count, stored.Count);
        for (var i = 0; i < served.Count; i++)
        {
            Assert.Equal((long)(i + 1), stored[i][0]);
            Assert.Equal(served[i].ReportText, stored[i][1]);
            Assert.Equal(served[i].ErrorEventCount, stored[i][2] as long?);
            Assert.Equal(served[i].AffectedDeviceCount, stored[i][3] as long?);
            Assert.Equal("TIMESTAMP WITH TIME ZONE", stored[i][4]);
        }
    }

    /// <summary>Each stored date's checksum, from its file's footer.</summary>
    private static async Task<Dictionary<string, string?>> ChecksumsAsync(string root)
    {
        var sums = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(root, "part-0.parquet", SearchOption.AllDirectories))
            sums[Path.GetRelativePath(root, file)] = (await AmazonVitals.Client.History.Parquet.PartitionMetadata.ReadAsync(file, CancellationToken.None)).Checksum;
        return sums;
    }

    private async Task<HistorySyncResult> SyncAsync(VitalsClient client, HistorySyncRequest request, string? root = null)
    {
        using var store = HistoryStore.OpenForSync(root ?? _root);
        var plan = await store.PlanSyncAsync(client, request, NullTrace.Instance, CancellationToken.None);
        using var sync = store.StartSync(plan);
        var requests = 0;
        if (plan.Query is { } query)
        {
            using var pages = client.OpenQuery(query, NullTrace.Instance, CancellationToken.None);
            while (await pages.ReadAsync() is { } page)
                await sync.AddPageAsync(page, CancellationToken.None);
            requests = pages.PagesRead;
        }
        return await sync.CommitAsync(requests, CancellationToken.None);
    }

    private sealed record Served(string Key, long? CrashCount, long? Devices, double? CrashRate);

    /// <summary>The same window asked of the API directly, as Invoke-VitalsQuery asks it.</summary>
    private static async Task<List<Served>> ServedRowsAsync(VitalsClient client, DateTime start, DateTime end)
    {
        var plan = await client.PlanAsync(new MetricQuery(ClientHarness.Package, Set) { Start = start, End = end, Dimensions = Dimensions }, null, NullTrace.Instance, CancellationToken.None);
        var schema = plan.Schema;
        int Col(string name) => schema.Columns.ToList().IndexOf(name);
        var rows = new List<Served>();
        using var pages = client.OpenQuery(plan, NullTrace.Instance, CancellationToken.None);
        while (await pages.ReadAsync() is { } page)
        {
            using var r = page.OpenRows();
            while (r.Read())
                rows.Add(new Served(Key(new DateTimeOffset(r.StartTime).ToUnixTimeMilliseconds(), r.GetText(0), r.GetText(1), r.GetText(2), r.GetText(3)),
                    r.HasValue(Col("crashCount")) ? r.GetCount(Col("crashCount")) : null,
                    r.HasValue(Col("distinctDevices")) ? r.GetCount(Col("distinctDevices")) : null,
                    r.HasValue(Col("crashRate")) ? r.GetRate(Col("crashRate")) : null));
        }
        return rows;
    }

    private static string Key(long ms, params object?[] dims) =>
        ms.ToString("D15", CultureInfo.InvariantCulture) + "|" + string.Join("|", dims.Select(d => d as string ?? "<null>"));

    private static T Scalar<T>(DuckDBConnection duck, string sql)
    {
        using var cmd = duck.CreateCommand();
        cmd.CommandText = sql;
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static List<object?[]> Rows(DuckDBConnection duck, string sql)
    {
        using var cmd = duck.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}

/// <summary>The partition checksum: the same rows in any order agree; any other rows do not.</summary>
public sealed class RowChecksumTests
{
    [Fact]
    public void The_same_rows_in_another_order_have_the_same_checksum_and_other_rows_another()
    {
        var hashes = Enumerable.Range(1, 500).Select(i => (ulong)i * 0x9E3779B97F4A7C15UL).ToArray();
        var forward = new RowChecksum();
        var backward = new RowChecksum();
        foreach (var h in hashes)
            forward.Add(h);
        foreach (var h in hashes.Reverse())
            backward.Add(h);
        Assert.Equal(forward.Value, backward.Value);

        // One row swapped for another, or one row more, changes it.
        var swapped = new RowChecksum();
        foreach (var h in hashes.Skip(1).Append(hashes[0] + 1))
            swapped.Add(h);
        Assert.NotEqual(forward.Value, swapped.Value);
        var longer = new RowChecksum();
        foreach (var h in hashes.Append(0UL))
            longer.Add(h);
        Assert.NotEqual(forward.Value, longer.Value);
    }
}
