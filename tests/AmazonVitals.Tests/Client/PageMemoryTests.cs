using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using AmazonVitals.Client.Wire.V1;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>
/// A page costs its bytes and no more: checked whole when it arrives, read row by row as it is
/// used, and its body reused for a later page once the reader moves on.
/// </summary>
public sealed class PageMemoryTests
{
    private static QueryPlan Plan() => QueryPlanner.Plan(new MetricQuery(ClientHarness.Package, KnownMetricSets.Crash)
    {
        Start = Utc(2026, 4, 24),
        End = Utc(2026, 4, 26),
        Metrics = new[] { "crashRate", "crashCount" },
        Dimensions = new[] { "countryCode" },
    }, null);

    private static string RowJson(string country, string rate, string count) =>
        """{"startTime":{"year":2026,"month":4,"day":25},"dimensions":[{"name":"countryCode","value":"C"}],"metrics":[{"name":"crashRate","value":"R"},{"name":"crashCount","value":"N"}]}"""
            .Replace("\"C\"", "\"" + country + "\"", StringComparison.Ordinal)
            .Replace("\"R\"", "\"" + rate + "\"", StringComparison.Ordinal)
            .Replace("\"N\"", "\"" + count + "\"", StringComparison.Ordinal);

    private static byte[] Body(params string[] rows) => Encoding.UTF8.GetBytes("""{"rows":[""" + string.Join(",", rows) + "]}");

    [Theory]
    [InlineData("NaN", "1")]
    [InlineData("0.5", "1e30")]
    [InlineData("high", "1")]
    public void A_bad_value_in_the_last_row_fails_the_page_before_any_row_is_read(string rate, string count)
    {
        var body = Body(RowJson("US", "0.1", "1"), RowJson("CA", "0.2", "2"), RowJson("DE", rate, count));
        // Thrown by the checking pass itself: no reader was opened, so no row can have been written.
        Assert.Throws<WireValueException>(() => V1Parser.ReadMetricPage(Plan(), body, new StringCache(), null));
    }

    [Fact]
    public void A_broken_last_row_fails_the_page_before_any_row_is_read()
    {
        var body = Body(RowJson("US", "0.1", "1"), "{\"startTime\":{\"year\":2026,\"month\":4,\"day\":25},\"metrics\":[{\"name\":\"crashRate\",\"value\":{}}]}");
        // Valid JSON of the wrong shape: the page fails before any row, and (being the server's
        // data, not a glitch) it is not retried.
        Assert.Throws<WireValueException>(() => V1Parser.ReadMetricPage(Plan(), body, new StringCache(), null));
    }

    [Fact]
    public void Rows_are_read_one_at_a_time_with_typed_values_and_the_count_is_known_first()
    {
        var page = V1Parser.ReadMetricPage(Plan(), Body(RowJson("US", "0.25", "7"), RowJson("CA", "0.5", "9")), new StringCache(), null);
        Assert.Equal(2, page.Count);
        var rows = page.OpenRows();
        Assert.True(rows.Read());
        Assert.Equal(Utc(2026, 4, 25), rows.StartTime);
        Assert.Equal("US", rows.GetText(0));
        Assert.Equal(ColumnKind.Rate, rows.Schema.KindOf(1));
        Assert.Equal(0.25, rows.GetRate(1));
        Assert.Equal(ColumnKind.Count, rows.Schema.KindOf(2));
        Assert.Equal(7L, rows.GetCount(2));
        Assert.True(rows.Read());
        Assert.Equal("CA", rows.GetText(0));
        Assert.False(rows.Read());
        Assert.False(rows.Read());
    }

    [Fact]
    public void A_value_missing_from_the_next_row_does_not_carry_over()
    {
        var second = """{"startTime":{"year":2026,"month":4,"day":24},"metrics":[{"name":"crashRate","value":"0.5"}]}""";
        var rows = V1Parser.ReadMetricPage(Plan(), Body(RowJson("US", "0.25", "7"), second), new StringCache(), null).OpenRows();
        Assert.True(rows.Read());
        Assert.True(rows.Read());
        Assert.Null(rows.GetText(0));
        Assert.False(rows.HasValue(0));
        Assert.False(rows.HasValue(2));
        Assert.Null(rows.GetValue(2));
        Assert.Equal(0.5, rows.GetValue(1));
    }

    [Fact]
    public void A_released_page_cannot_be_read_and_gives_its_body_back_once()
    {
        var returned = 0;
        var body = Body(RowJson("US", "0.25", "7"), RowJson("CA", "0.5", "9"));
        var page = V1Parser.ReadMetricPage(Plan(), body, body.Length, new StringCache(), null, () => returned++);
        var rows = page.OpenRows();
        Assert.True(rows.Read());
        page.Release();
        page.Release();
        Assert.Equal(1, returned);
        Assert.True(page.IsReleased);
        Assert.Throws<InvalidOperationException>(() => rows.Read());
        Assert.Throws<InvalidOperationException>(() => page.OpenRows());
    }

    [Fact]
    public void Body_buffers_are_reused_and_at_most_two_are_kept()
    {
        var buffers = new BodyBuffers();
        var a = buffers.Rent(1000);
        var b = buffers.Rent(1000);
        Assert.Equal(2, buffers.Allocated);
        Assert.True(a.Length >= 1000);
        buffers.Return(a);
        Assert.Same(a, buffers.Rent(1000));
        Assert.Equal(2, buffers.Allocated);
        // Too small for what is asked: a new array, and the small one stays for a smaller body.
        buffers.Return(a);
        var big = buffers.Rent(a.Length + 1);
        Assert.NotSame(a, big);
        Assert.Same(a, buffers.Rent(10));
        // A third array returned pushes out the smallest.
        var small = new byte[16];
        buffers.Return(small);
        buffers.Return(big);
        buffers.Return(b);
        Assert.Same(big, buffers.Rent(big.Length));
        Assert.Same(b, buffers.Rent(1));
        Assert.NotSame(small, buffers.Rent(1));
    }

    [Fact]
    public async Task A_query_of_many_pages_reads_them_into_two_arrays_even_with_a_retried_page()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var baseline = Flatten(await ReadAllAsync(client, PagedQuery()));
        await h.AddFaultsAsync("""[{"on":"query","nth":3,"count":1,"kind":"badjson"}]""");

        var plan = await client.PlanAsync(PagedQuery(), null, NullTrace.Instance, CancellationToken.None);
        var buffers = new BodyBuffers();
        var rows = new List<MetricRow>();
        var pages = 0;
        using (var reader = client.OpenQuery(plan, NullTrace.Instance, CancellationToken.None, buffers))
        {
            MetricPage? previous = null;
            while (await reader.ReadAsync() is { } page)
            {
                // The reader released the page before this one when it read this one.
                Assert.True(previous?.IsReleased ?? true);
                reader.Prefetch();
                rows.AddRange(page.ReadRows());
                previous = page;
                pages++;
            }
            Assert.True(previous!.IsReleased);
        }

        Assert.True(pages >= 4);
        Assert.Equal(baseline, Flatten(rows));
        Assert.InRange(buffers.Allocated, 1, 2);
    }

    [Fact]
    public async Task A_page_that_fails_its_check_is_not_written_and_its_body_goes_back()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient(h.Options(maxRetryCount: 0));
        await h.AddFaultsAsync("""[{"on":"query","nth":1,"count":1,"kind":"badjson"}]""");
        var plan = await client.PlanAsync(PagedQuery(), null, NullTrace.Instance, CancellationToken.None);
        var buffers = new BodyBuffers();
        using var reader = client.OpenQuery(plan, NullTrace.Instance, CancellationToken.None, buffers);
        await Assert.ThrowsAsync<MalformedResponseException>(() => reader.ReadAsync());
        var again = buffers.Rent(1);
        Assert.Equal(1, buffers.Allocated);
        Assert.NotNull(again);
    }
}
