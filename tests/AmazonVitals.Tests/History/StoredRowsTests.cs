using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.History.Parquet;
using AmazonVitals.Client.Model;
using AmazonVitals.Tests.Client;
using Parquet;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.History;

/// <summary>
/// Stored rows read back: a text column is read as Parquet.Net's raw chars and each value looked
/// up once per read, so nulls must stay where they were and a repeated value must be one string,
/// whether the file holds its strings plain (older files) or dictionary-encoded (what a sync writes).
/// </summary>
public sealed class StoredRowsTests : IDisposable
{
    private static readonly DateTime Day = Utc(2026, 4, 25);
    private static readonly string?[] Countries = { "US", null, "CA", "US", null, "US" };
    private static readonly string?[] Types = { "AMAZON_FIRE_TV", "AMAZON_TABLETS", null, "AMAZON_FIRE_TV", "AMAZON_FIRE_TV", null };
    private static readonly long?[] Counts = { 1, 2, null, 4, 5, 6 };
    private readonly string _file = Path.Combine(Path.GetTempPath(), "av-stored-" + Guid.NewGuid().ToString("N") + ".parquet");

    private static QueryPlan Plan() => QueryPlanner.Plan(new MetricQuery(ClientHarness.Package, KnownMetricSets.Crash)
    {
        Start = Day,
        End = Day.AddDays(1),
        Metrics = new[] { "crashCount" },
        Dimensions = new[] { "countryCode", "deviceType" },
    }, null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Text_columns_read_back_with_their_nulls_in_place_and_each_value_one_string(bool dictionary)
    {
        var plan = Plan();
        var columns = new ParquetColumns(plan.Schema);
        await WriteAsync(columns, dictionary ? columns.WriteOptions() : ParquetColumns.Options());
        Assert.Equal(dictionary, (await EncodingsAsync(columns, 0)).Any(e => e.Contains("DICTIONARY", StringComparison.Ordinal)));

        var page = await new StoredPages(new[] { _file }, plan).ReadAsync(null, CancellationToken.None);
        var rows = page.ReadRows();

        Assert.Equal(Countries, rows.Select(r => (string?)r.Values[0]));
        Assert.Equal(Types, rows.Select(r => (string?)r.Values[1]));
        Assert.Equal(Counts, rows.Select(r => (long?)r.Values[2]));
        Assert.All(rows, r => Assert.Equal(Day, r.StartTime));
        Assert.Same(rows[0].Values[0], rows[3].Values[0]);
        Assert.Same(rows[0].Values[0], rows[5].Values[0]);
        Assert.Same(rows[0].Values[1], rows[4].Values[1]);
    }

    [Fact]
    public void Only_the_dimensions_are_written_dictionary_encoded()
    {
        var columns = new ParquetColumns(Plan().Schema);
        var hinted = columns.WriteOptions().ColumnEncodingHints;
        Assert.Equal(new[] { "countryCode", "deviceType" }, hinted.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(hinted.Values, hint => Assert.Equal(EncodingHint.Dictionary, hint));
        Assert.Empty(ParquetColumns.Options().ColumnEncodingHints);
    }

    private async Task WriteAsync(ParquetColumns columns, ParquetOptions options)
    {
        await using var stream = File.Create(_file);
        await using var writer = await ParquetWriter.CreateAsync(columns.Schema, stream, options);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(columns.StartTime, Enumerable.Repeat(Day, Countries.Length).ToArray());
        await group.WriteAsync(columns.Data[0], new ArraySegment<string>(Countries!));
        await group.WriteAsync(columns.Data[1], new ArraySegment<string>(Types!));
        await group.WriteAsync<long>(columns.Data[2], Counts.AsMemory());
    }

    private async Task<string[]> EncodingsAsync(ParquetColumns columns, int column)
    {
        await using var stream = File.OpenRead(_file);
        await using var reader = await ParquetReader.CreateAsync(stream);
        using var group = reader.OpenRowGroupReader(0);
        return group.GetMetadata(columns.Data[column])!.MetaData!.Encodings.Select(e => e.ToString()).ToArray();
    }

    public void Dispose() => File.Delete(_file);
}
