using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client;
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
    public void Plain_decimals_read_as_the_very_doubles_the_general_parser_gives()
    {
        var random = new Random(12);
        var texts = new List<string> { "0", "-0.0", "0.010279", "1", "123456789012345", "0.000000000000001", "999999999999999", "-3.5", "007.25", "0.1", "0.2", "0.3" };
        for (var i = 0; i < 20000; i++)
        {
            var digits = random.Next(1, 16);
            var text = new StringBuilder();
            for (var d = 0; d < digits; d++)
                text.Append((char)('0' + random.Next(10)));
            var point = random.Next(1, digits + 1);
            if (point < digits)
                text.Insert(point, '.');
            texts.Add(random.Next(4) == 0 ? "-" + text : text.ToString());
        }
        foreach (var text in texts)
        {
            var rows = V1Parser.ReadMetricPage(Plan(), Body(RowJson("US", text, "1")), new StringCache(), null).OpenRows();
            Assert.True(rows.Read());
            var expected = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(rows.GetRate(1)));
        }
    }

    [Theory]
    [InlineData("1234567890123456", 1234567890123456d)]
    [InlineData("1.5e3", 1500d)]
    [InlineData("1E-2", 0.01)]
    [InlineData("0.12345678901234567", 0.12345678901234567)]
    public void Other_numbers_go_to_the_general_parser(string text, double expected)
    {
        var rows = V1Parser.ReadMetricPage(Plan(), Body(RowJson("US", text, "1")), new StringCache(), null).OpenRows();
        Assert.True(rows.Read());
        Assert.Equal(expected, rows.GetRate(1));
    }

    [Theory]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    public void Texts_that_are_no_plain_decimal_are_not_taken_for_one(string text)
    {
        // What the general parser makes of these is what it always made: no shortcut decides.
        var general = System.Buffers.Text.Utf8Parser.TryParse(Encoding.UTF8.GetBytes(text), out double value, out var used) && used == text.Length;
        var body = Body(RowJson("US", text, "1"));
        if (general)
        {
            var rows = V1Parser.ReadMetricPage(Plan(), body, new StringCache(), null).OpenRows();
            Assert.True(rows.Read());
            Assert.Equal(value, rows.GetRate(1));
        }
        else
            Assert.Throws<WireValueException>(() => V1Parser.ReadMetricPage(Plan(), body, new StringCache(), null));
    }

    [Fact]
    public void Each_row_keeps_its_own_start_time_when_rows_share_or_change_it()
    {
        string Row(int day, int hour, string country) =>
            """{"startTime":{"year":2026,"month":4,"day":D,"hours":H},"dimensions":[{"name":"countryCode","value":"C"}]}"""
                .Replace("D", day.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("H", hour.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("\"C\"", "\"" + country + "\"", StringComparison.Ordinal);
        var body = Body(Row(24, 0, "US"), Row(24, 0, "CA"), Row(25, 0, "US"), Row(25, 0, "CA"), Row(24, 0, "DE"), Row(25, 13, "US"));
        var rows = V1Parser.ReadMetricPage(Plan(), body, new StringCache(), null).ReadRows();
        Assert.Equal(new[] { Utc(2026, 4, 24), Utc(2026, 4, 24), Utc(2026, 4, 25), Utc(2026, 4, 25), Utc(2026, 4, 24), Utc(2026, 4, 25, 13) }, rows.Select(r => r.StartTime));
        Assert.Equal(new object?[] { "US", "CA", "US", "CA", "DE", "US" }, rows.Select(r => r.Values[0]));
    }

    [Fact]
    public void A_bad_start_time_after_good_ones_still_fails_the_page()
    {
        var bad = RowJson("US", "0.1", "1").Replace("\"day\":25", "\"day\":40", StringComparison.Ordinal);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => V1Parser.ReadMetricPage(Plan(), Body(RowJson("US", "0.1", "1"), bad), new StringCache(), null));
    }

    /// <summary>A page read into an array of <paramref name="buffers"/>, as the pipeline reads one.</summary>
    private static async Task<MetricPage> RentedPage(BodyBuffers buffers, byte[] json)
    {
        using var stream = new System.IO.MemoryStream(json);
        using var body = await ResponseBody.ReadAsync(stream, json.Length, buffers, CancellationToken.None);
        return V1Parser.ReadMetricPage(Plan(), body, new StringCache(), null);
    }

    [Fact]
    public async Task The_rows_own_the_body_and_give_it_back_once_when_disposed_after_which_they_cannot_be_read()
    {
        var buffers = new BodyBuffers();
        var page = await RentedPage(buffers, Body(RowJson("US", "0.25", "7"), RowJson("CA", "0.5", "9")));
        // The parser took the body from the pipeline's owner, whose disposal gave nothing back.
        Assert.Equal(1, buffers.Outstanding);
        var rows = page.OpenRows();
        Assert.True(rows.Read());
        // Dropping the page no longer touches the body: its rows have it.
        page.Dispose();
        Assert.Equal(1, buffers.Outstanding);
        rows.Dispose();
        rows.Dispose();
        Assert.Equal(0, buffers.Outstanding);
        Assert.ThrowsAny<InvalidOperationException>(() => rows.Read());
        Assert.Throws<InvalidOperationException>(() => page.OpenRows());
    }

    [Fact]
    public async Task The_body_goes_back_after_the_last_row_is_read()
    {
        var buffers = new BodyBuffers();
        var page = await RentedPage(buffers, Body(RowJson("US", "0.25", "7"), RowJson("CA", "0.5", "9")));
        var rows = page.OpenRows();
        Assert.True(rows.Read());
        Assert.True(rows.Read());
        Assert.Equal(1, buffers.Outstanding);
        Assert.False(rows.Read());
        Assert.Equal(0, buffers.Outstanding);
        Assert.False(rows.Read());
    }

    [Fact]
    public async Task A_page_dropped_with_its_rows_unopened_gives_its_body_back_once()
    {
        var buffers = new BodyBuffers();
        var page = await RentedPage(buffers, Body(RowJson("US", "0.25", "7")));
        page.Dispose();
        page.Dispose();
        Assert.Equal(0, buffers.Outstanding);
        Assert.Throws<InvalidOperationException>(() => page.OpenRows());
    }

    [Fact]
    public async Task A_body_that_fails_to_read_or_fails_its_check_goes_back()
    {
        var buffers = new BodyBuffers();
        // Shorter than declared: the read fails, and the array is back at once.
        using (var cut = new System.IO.MemoryStream(Body(RowJson("US", "0.25", "7"))))
            await Assert.ThrowsAsync<System.IO.IOException>(() => ResponseBody.ReadAsync(cut, cut.Length + 10, buffers, CancellationToken.None));
        Assert.Equal(0, buffers.Outstanding);
        // A page that fails its check never took the body: the pipeline's owner gives it back.
        await Assert.ThrowsAsync<WireValueException>(() => RentedPage(buffers, Body(RowJson("US", "NaN", "7"))));
        Assert.Equal(0, buffers.Outstanding);
    }

    [Fact]
    public async Task Body_buffers_are_reused_and_at_most_two_are_kept()
    {
        var buffers = new BodyBuffers();
        var a = await buffers.RentAsync(1000, CancellationToken.None);
        var b = await buffers.RentAsync(1000, CancellationToken.None);
        Assert.Equal(2, buffers.Allocated);
        Assert.True(a.Length >= 1000);
        buffers.Return(a);
        Assert.Same(a, await buffers.RentAsync(1000, CancellationToken.None));
        Assert.Equal(2, buffers.Allocated);
        // Too small for what is asked: a new array, and the small one stays for a smaller body.
        buffers.Return(a);
        var big = await buffers.RentAsync(a.Length + 1, CancellationToken.None);
        Assert.NotSame(a, big);
        buffers.Return(b);
        Assert.Same(a, await buffers.RentAsync(10, CancellationToken.None));
        // A third array returned pushes out the smallest.
        buffers.Return(big);
        buffers.Return(a);
        Assert.Same(big, await buffers.RentAsync(big.Length, CancellationToken.None));
        Assert.Same(b, await buffers.RentAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task With_a_limit_of_one_the_next_body_waits_until_the_last_is_returned()
    {
        var buffers = new BodyBuffers(1);
        var first = await buffers.RentAsync(100, CancellationToken.None);
        var second = buffers.RentAsync(100, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        buffers.Return(first);
        Assert.Same(first, await second);
        using var stop = new CancellationTokenSource();
        var third = buffers.RentAsync(100, stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        Assert.Equal(1, buffers.Allocated);
    }

    [Fact]
    public async Task With_a_limit_of_one_a_rent_that_waits_past_its_patience_takes_a_second_array_and_the_limit_holds_after()
    {
        var patience = TimeSpan.FromMilliseconds(200);
        var buffers = new BodyBuffers(1, patience);
        var first = await buffers.RentAsync(100, CancellationToken.None);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var second = await buffers.RentAsync(100, CancellationToken.None);
        // Only a lower bound on time: it cannot come sooner than its patience, however slow the machine.
        Assert.True(watch.Elapsed >= patience - TimeSpan.FromMilliseconds(20), "The second array came after " + watch.Elapsed);
        Assert.NotSame(first, second);
        Assert.Equal(2, buffers.Allocated);
        buffers.Return(first);
        buffers.Return(second);
        // Both back: one slot again, not two. The next rent is at once, the one after waits again.
        var third = await buffers.RentAsync(100, CancellationToken.None);
        watch.Restart();
        var fourth = await buffers.RentAsync(100, CancellationToken.None);
        Assert.True(watch.Elapsed >= patience - TimeSpan.FromMilliseconds(20), "The fourth array came after " + watch.Elapsed);
        Assert.NotSame(third, fourth);
        Assert.Equal(2, buffers.Allocated);
    }

    [Theory]
    [InlineData(100, 300, 2000)]
    [InlineData(2, 300, 500)]
    [InlineData(100, 1, 250)]
    public void One_body_patience_is_a_quarter_of_the_shorter_deadline_and_two_seconds_at_most(int attemptSeconds, int totalSeconds, int expectedMs)
    {
        var options = new VitalsClientOptions("id", ClientHarness.Secure("secret"))
        {
            AttemptTimeout = TimeSpan.FromSeconds(attemptSeconds),
            TotalTimeout = TimeSpan.FromSeconds(totalSeconds),
        };
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), VitalsClient.OneBodyPatience(options));
    }

    [Fact]
    public void One_body_patience_with_infinite_deadlines_is_the_most()
    {
        var options = new VitalsClientOptions("id", ClientHarness.Secure("secret"))
        {
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            TotalTimeout = Timeout.InfiniteTimeSpan,
        };
        Assert.Equal(TimeSpan.FromSeconds(2), VitalsClient.OneBodyPatience(options));
        options.TotalTimeout = TimeSpan.FromSeconds(4);
        Assert.Equal(TimeSpan.FromSeconds(1), VitalsClient.OneBodyPatience(options));
    }

    [Fact]
    public async Task One_body_at_a_time_with_a_consumer_slower_than_the_attempt_timeout_sends_each_page_once()
    {
        await using var h = await ClientHarness.StartAsync();
        var options = h.Options(attemptTimeout: TimeSpan.FromSeconds(2));
        var client = h.CreateClient(options);
        var baseline = Flatten(await ReadAllAsync(client, PagedQuery()));
        var plan = await client.PlanAsync(PagedQuery(), null, NullTrace.Instance, CancellationToken.None);
        await h.ClearLogAsync();
        var buffers = new BodyBuffers(1, VitalsClient.OneBodyPatience(options));
        var rows = new List<MetricRow>();
        var pages = 0;
        using (var reader = client.OpenQuery(plan, NullTrace.Instance, CancellationToken.None, buffers))
        {
            while (await reader.ReadAsync() is { } page)
            {
                reader.Prefetch();
                // A consumer that holds the page longer than an attempt may last (a slow share):
                // the next page's wait for an array must not be charged to its request.
                if (++pages <= 2)
                    await Task.Delay(TimeSpan.FromSeconds(2.5));
                rows.AddRange(page.ReadRows());
            }
        }
        Assert.Equal(baseline, Flatten(rows));
        Assert.Equal(pages, Queries(await h.SettledLogAsync(pages)).Count);
        Assert.Equal(2, buffers.Allocated);
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
            while (await reader.ReadAsync() is { } page)
            {
                // This page's body and, at most, the next one's.
                Assert.InRange(buffers.Outstanding, 1, 2);
                reader.Prefetch();
                rows.AddRange(page.ReadRows());
                pages++;
            }
        }
        // Every body went back, the retried page's included.
        Assert.Equal(0, buffers.Outstanding);

        Assert.True(pages >= 4);
        Assert.Equal(baseline, Flatten(rows));
        Assert.InRange(buffers.Allocated, 1, 2);
    }

    [Fact]
    public async Task One_body_at_a_time_reads_every_page_into_one_array()
    {
        await using var h = await ClientHarness.StartAsync();
        var client = h.CreateClient();
        var baseline = Flatten(await ReadAllAsync(client, PagedQuery()));
        var plan = await client.PlanAsync(PagedQuery(), null, NullTrace.Instance, CancellationToken.None);
        var buffers = new BodyBuffers(1);
        var rows = new List<MetricRow>();
        using (var reader = client.OpenQuery(plan, NullTrace.Instance, CancellationToken.None, buffers))
        {
            // The next request goes out at once; its body is read only when this page is released.
            while (await reader.ReadAsync() is { } page)
            {
                reader.Prefetch();
                rows.AddRange(page.ReadRows());
            }
        }
        Assert.Equal(baseline, Flatten(rows));
        Assert.Equal(1, buffers.Allocated);
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
        var again = await buffers.RentAsync(1, CancellationToken.None);
        Assert.Equal(1, buffers.Allocated);
        Assert.NotNull(again);
    }
}
