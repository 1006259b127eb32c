using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Export;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using AmazonVitals.Client.Wire.V1;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

/// <summary>
/// Rows written compactly are read straight from the bytes; everything else by Utf8JsonReader. The
/// two must agree on every body: the same rows, or the same kind of failure. Each body here is read
/// both ways (compactRows on and off) and the outcomes compared, for hand-made shapes and for every
/// one-byte change and every cut of a small page.
/// </summary>
public sealed class V1CompactRowsTests
{
    private static QueryPlan Plan(AggregationPeriod period = AggregationPeriod.Daily) => QueryPlanner.Plan(new MetricQuery("com.example.tvapp", KnownMetricSets.Crash)
    {
        Period = period,
        Start = Utc(2026, 4, 24),
        End = Utc(2026, 4, 26),
        Metrics = new[] { "crashRate", "crashCount" },
        Dimensions = new[] { "versionCode", "countryCode" },
    }, null);

    private const string Row1 = """{"startTime":{"year":2026,"month":4,"day":24},"aggregationPeriod":"DAILY","dimensions":[{"name":"versionCode","value":"151"},{"name":"countryCode","value":"US"}],"metrics":[{"name":"crashRate","value":"0.0142"},{"name":"crashCount","value":"771"}]}""";
    private const string Row2 = """{"startTime":{"year":2026,"month":4,"day":25},"aggregationPeriod":"DAILY","dimensions":[{"name":"countryCode","value":"CA"},{"name":"versionCode","value":"150"}],"metrics":[{"name":"crashCount","value":"3"}]}""";
    private const string Row3 = """{"startTime":{"year":2026,"month":4,"day":23},"dimensions":[],"metrics":[{"name":"crashRate","value":"1e-3"},{"name":"other","value":"x"}]}""";

    private static string Page(params string[] rows) => """{"requestId":"r","rows":[""" + string.Join(",", rows) + """],"nextPageToken":"t"}""";

    /// <summary>What a body reads as: its rows (time and every value, as CSV) and token, or the failure's type and, for a wrong value, its message.</summary>
    private static string Outcome(QueryPlan plan, byte[] body, bool compact)
    {
        try
        {
            var page = V1Parser.ReadMetricPage(plan, body, new StringCache(), null, compact);
            var text = new StringBuilder().Append(page.Count).Append(' ').Append(page.NextPageToken).Append('\n');
            using (var rows = page.OpenRows())
            {
                while (rows.Read())
                {
                    text.Append(rows.StartTime.ToString("O", CultureInfo.InvariantCulture));
                    for (var c = 0; c < plan.Schema.Columns.Count; c++)
                        text.Append('|').Append(rows.GetValue(c) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : "<null>");
                    text.Append('\n');
                }
            }
            // The export's single pass reads the same body a third way: it must write the same rows.
            using var file = new MemoryStream();
            using (var writer = RowFileWriter.Create(ExportFormat.Csv, file))
            {
                writer.Begin(plan);
                // Its rows are written over the body itself: a copy, so the caller's bytes stay as they are.
                var copy = (byte[])body.Clone();
                using var encoded = V1Parser.EncodeMetricPage(plan, ResponseBody.Unowned(copy, copy.Length), new StringCache(), null, writer.Encoder, compact);
                writer.WritePage(encoded);
            }
            return text.Append(Encoding.UTF8.GetString(file.ToArray())).ToString();
        }
        catch (JsonException e)
        {
            return e is WireValueException ? "WireValueException: " + e.Message : "JsonException";
        }
    }

    private static void BothWaysAgree(QueryPlan plan, string body) => BothWaysAgree(plan, Encoding.UTF8.GetBytes(body));

    private static void BothWaysAgree(QueryPlan plan, byte[] body)
    {
        var byReader = Outcome(plan, body, compact: false);
        var compact = Outcome(plan, body, compact: true);
        Assert.True(byReader == compact, "Body: " + Encoding.UTF8.GetString(body) + "\nreader:  " + byReader + "\ncompact: " + compact);
        // A body that is not JSON at all never reads as rows, either way.
        if (!IsJson(body))
            Assert.True(compact.StartsWith("WireValueException", StringComparison.Ordinal) || compact.StartsWith("JsonException", StringComparison.Ordinal),
                "Not JSON, yet read as rows: " + Encoding.UTF8.GetString(body));
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [Fact]
    public void A_compact_page_reads_as_the_reader_reads_it_with_the_values_in_place()
    {
        var plan = Plan();
        var outcome = Outcome(plan, Encoding.UTF8.GetBytes(Page(Row1, Row2, Row3)), compact: true);
        // Whole days are asked for exactly, so no row is dropped (Row3's day is not the window's, but the server sent it).
        var expected = "3 t\n2026-04-24T00:00:00.0000000Z|151|US|0.0142|771\n2026-04-25T00:00:00.0000000Z|150|CA|<null>|3\n";
        Assert.Equal(expected, outcome.Substring(0, Math.Min(outcome.Length, expected.Length)));
        BothWaysAgree(plan, Page(Row1, Row2, Row3));
    }

    [Theory]
    [InlineData("""{"rows":[],"nextPageToken":"t"}""")]
    [InlineData("""{"rows":[ ]}""")]
    [InlineData("""{"rows":[ROW1 , ROW2]}""")]
    [InlineData("""{"rows":[ROW1,]}""")]
    [InlineData("""{"rows":[ROW1 ROW2]}""")]
    [InlineData("""{"rows":[ROW1,1]}""")]
    [InlineData("""{"rows":[1]}""")]
    [InlineData("""{"rows":[ROW1]} {"rows":[ROW2],"nextPageToken":"t"}""")]
    [InlineData("""{"rows":[ROW1]""")]
    [InlineData("""{"rows":[ROW1,{}]}""")]
    [InlineData("""{"rows":[{"startTime":"2026-04-24T00:00:00Z","metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24,"hours":13,"minutes":0,"seconds":0},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":13,"day":24},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":2,"day":30},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":04,"day":24},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24.0},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24,"era":1},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":20260000000,"month":4,"day":24},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":-2026,"month":4,"day":24},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"startTime":{"year":2026,"month":4,"day":25},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"metrics":[{"name":"crashRate","value":"0.5"}]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"metrics":[{"value":"0.5","name":"crashRate"}]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"metrics":[{"name":"crashRate","value":null}]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"metrics":[{"name":"crashCount","value":12}]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"metrics":[{"name":"crashRate","value":"abc"}]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"metrics":[{"name":"crashRate","value":"0.5"},{"name":"crashRate","value":"0.6"}]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"metrics":[{"name":"crashRate","value":"0.5","unit":"%"}]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"dimensions":[{"name":"versionCode","value":"1\u00351"}],"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"dimensions":[{"name":"countryCode","value":"Ü"}],"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"dimensions":[{"name":"countryCode","value":"a\"b"}],"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"extra":{"nested":[1,2]},"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"dimensions":null,"metrics":[]}]}""")]
    [InlineData("""{"rows":[{"startTime":{"year":2026,"month":4,"day":24},"metrics":[]},{"startTime":{"year":2026,"month":4,"day":24},"metrics":[]}],"rows":[]}""")]
    public void Hand_made_shapes_read_the_same_both_ways(string body) =>
        BothWaysAgree(Plan(), body.Replace("ROW1", Row1, StringComparison.Ordinal).Replace("ROW2", Row2, StringComparison.Ordinal));

    [Fact]
    public void Hourly_rows_and_times_that_repeat_and_change_read_the_same_both_ways()
    {
        string Hour(int day, int hour) => """{"startTime":{"year":2026,"month":4,"day":D,"hours":H},"metrics":[{"name":"crashCount","value":"1"}]}"""
            .Replace("D", day.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("H", hour.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        BothWaysAgree(Plan(AggregationPeriod.Hourly), Page(Hour(24, 13), Hour(24, 13), Hour(24, 14), Hour(25, 13), Hour(24, 13), Hour(24, 0)));
    }

    [Fact]
    public void Every_one_byte_change_of_a_small_page_reads_the_same_both_ways()
    {
        var plan = Plan();
        var body = Encoding.UTF8.GetBytes(Page(Row1, Row2));
        var replacements = new byte[] { (byte)',', (byte)'}', (byte)']', (byte)'{', (byte)'[', (byte)'"', (byte)'\\', (byte)' ', (byte)':', (byte)'x', (byte)'0', (byte)'9', (byte)'-', 0x01, 0xC3 };
        var changed = 0;
        for (var i = 0; i < body.Length; i++)
        {
            foreach (var b in replacements)
            {
                if (body[i] == b)
                    continue;
                var copy = (byte[])body.Clone();
                copy[i] = b;
                BothWaysAgree(plan, copy);
                changed++;
            }
        }
        Assert.True(changed > 5000);
    }

    [Fact]
    public void Every_cut_and_every_inserted_space_of_a_small_page_reads_the_same_both_ways()
    {
        var plan = Plan();
        var body = Encoding.UTF8.GetBytes(Page(Row1, Row2));
        for (var i = 0; i <= body.Length; i++)
        {
            BothWaysAgree(plan, body.AsSpan(0, i).ToArray());
            var spaced = new List<byte>(body);
            spaced.Insert(i, (byte)'\n');
            BothWaysAgree(plan, spaced.ToArray());
        }
    }

    [Theory]
    [InlineData(Row1)]
    [InlineData(Row2)]
    [InlineData(Row3)]
    public void Rows_as_servers_write_them_are_read_straight_from_the_bytes(string row)
    {
        // The reader is only the way out for what is unusual: a row as the emulator (and the
        // reference's example, compacted) writes it must not need it.
        var plan = Plan();
        var bytes = Encoding.UTF8.GetBytes(row);
        var reader = new V1RowReader(plan.Schema);
        Assert.Equal(bytes.Length, reader.TryReadCompactRow(bytes, 0, new StringCache()));
        var byReader = new V1RowReader(plan.Schema);
        var json = new Utf8JsonReader(bytes);
        json.Read();
        byReader.ReadMetricRow(ref json, bytes, new StringCache());
        Assert.Equal(byReader.StartTime, reader.StartTime);
        for (var c = 0; c < plan.Schema.Columns.Count; c++)
            Assert.Equal(byReader.GetValue(c), reader.GetValue(c));
    }
}
