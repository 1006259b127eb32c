using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using AmazonVitals.Client.Wire.V1;
using Xunit;
using static AmazonVitals.Tests.Client.ClientTestData;

namespace AmazonVitals.Tests.Client;

public sealed class V1ParserTests
{
    private const string Pkg = "com.example.tvapp";

    /// <summary>Columns: versionCode, countryCode, crashRate, crashCount, distinctDevices.</summary>
    private static QueryPlan DailyPlan() => QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash)
    {
        Start = Utc(2026, 4, 24),
        End = Utc(2026, 4, 26),
        Metrics = new[] { "crashRate", "crashCount", "distinctDevices" },
        Dimensions = new[] { "versionCode", "countryCode" },
    }, null);

    private static QueryPlan IssuePlan() => QueryPlanner.Plan(new IssueQuery(Pkg, ReportType.Crash)
    {
        Start = Utc(2026, 4, 20),
        End = Utc(2026, 4, 26),
        Dimensions = new[] { "deviceType" },
    }, null);

    private static MetricPage Page(QueryPlan plan, string json, string? headerRequestId = null) =>
        V1Parser.ReadMetricPage(plan, Encoding.UTF8.GetBytes(json), new StringCache(), headerRequestId);

    private static MetricPage Page(string json, string? headerRequestId = null) => Page(DailyPlan(), json, headerRequestId);

    private static VitalsResponse Response(int status, string body, string? requestId = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new VitalsResponse(status, bytes, bytes.Length, requestId);
    }

    private const string SpecExample = """
        {
          "status": 200,
          "requestId": "req-body",
          "freshness": {"aggregationPeriod": "DAILY", "latestDataTimestamp": "2026-04-25T00:00:00Z"},
          "resultCount": 2,
          "rows": [
            {
              "startTime": {"year": 2026, "month": 4, "day": 25},
              "aggregationPeriod": "DAILY",
              "dimensions": [{"name": "versionCode", "value": "151"}, {"name": "countryCode", "value": "US"}],
              "metrics": [{"name": "crashRate", "value": "0.0142"}, {"name": "crashCount", "value": "771"}, {"name": "distinctDevices", "value": "54320"}]
            },
            {
              "metrics": [{"name": "distinctDevices", "value": "12"}, {"name": "crashRate", "value": "0.5"}],
              "dimensions": [{"name": "countryCode", "value": "CA"}, {"name": "versionCode", "value": "150"}],
              "startTime": {"day": 24, "month": 4, "year": 2026}
            }
          ],
          "nextPageToken": "MjAyNi0wNC0yNXwxNA=="
        }
        """;

    [Fact]
    public void Rows_are_flattened_into_schema_order_whatever_order_the_server_uses()
    {
        var page = Page(SpecExample);
        Assert.Equal(2, page.Count);

        var rows = page.ReadRows();
        var first = rows[0];
        Assert.Equal(Utc(2026, 4, 25), first.StartTime);
        Assert.Equal(DateTimeKind.Utc, first.StartTime.Kind);
        Assert.Equal(new object?[] { "151", "US", 0.0142, 771L, 54320L }, first.Values);

        var second = rows[1];
        Assert.Equal(Utc(2026, 4, 24), second.StartTime);
        Assert.Equal(new object?[] { "150", "CA", 0.5, null, 12L }, second.Values);
    }

    [Fact]
    public void Counts_are_long_and_rates_are_double()
    {
        var row = Page(SpecExample).ReadRows()[0];
        Assert.IsType<string>(row.Values[0]);
        Assert.IsType<double>(row.Values[2]);
        Assert.IsType<long>(row.Values[3]);
        Assert.IsType<long>(row.Values[4]);
    }

    [Fact]
    public void A_missing_metric_or_dimension_is_null_and_a_null_value_is_null()
    {
        var page = Page("""
            {"rows":[{"startTime":{"year":2026,"month":4,"day":25},
              "dimensions":[{"name":"versionCode","value":null}],
              "metrics":[{"name":"crashRate","value":"0.1"},{"name":"crashCount","value":null}]}]}
            """);
        Assert.Equal(new object?[] { null, null, 0.1, null, null }, page.ReadRows()[0].Values);
    }

    [Fact]
    public void A_whole_count_written_as_a_decimal_is_still_a_long()
    {
        var row = Page("""{"rows":[{"startTime":{"year":2026,"month":4,"day":25},"metrics":[{"name":"crashCount","value":"12.0"},{"name":"crashRate","value":"3"}]}]}""").ReadRows()[0];
        Assert.Equal(12L, Assert.IsType<long>(row.Values[3]));
        Assert.Equal(3.0, Assert.IsType<double>(row.Values[2]));
    }

    [Fact]
    public void Numeric_json_values_are_read_like_strings()
    {
        var row = Page("""{"rows":[{"startTime":{"year":2026,"month":4,"day":25},"dimensions":[{"name":"versionCode","value":151}],"metrics":[{"name":"crashCount","value":7},{"name":"crashRate","value":0.25}]}]}""").ReadRows()[0];
        Assert.Equal("151", row.Values[0]);
        Assert.Equal(7L, row.Values[3]);
        Assert.Equal(0.25, row.Values[2]);
    }

    [Fact]
    public void Hourly_hours_become_the_hour_of_the_start_time()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash)
        {
            Period = AggregationPeriod.Hourly,
            Start = Utc(2026, 4, 25),
            End = Utc(2026, 4, 26),
            Metrics = new[] { "crashRate" },
        }, null);
        var page = Page(plan, """
            {"rows":[
              {"startTime":{"year":2026,"month":4,"day":25,"hours":13},"aggregationPeriod":"HOURLY","metrics":[{"name":"crashRate","value":"0.01"}]},
              {"startTime":{"year":2026,"month":4,"day":25,"hours":0,"minutes":0,"seconds":0},"metrics":[{"name":"crashRate","value":"0.02"}]},
              {"startTime":{"year":2026,"month":4,"day":25,"hours":23,"nanos":0},"metrics":[]}
            ]}
            """);
        var rows = page.ReadRows();
        Assert.Equal(new[] { Utc(2026, 4, 25, 13), Utc(2026, 4, 25, 0), Utc(2026, 4, 25, 23) }, rows.Select(r => r.StartTime));
        Assert.All(rows, r => Assert.Equal(DateTimeKind.Utc, r.StartTime.Kind));
    }

    [Fact]
    public void String_start_times_are_read_too()
    {
        var page = Page("""{"rows":[{"startTime":"2026-04-25T14:00:00Z","metrics":[]}]}""");
        Assert.Equal(Utc(2026, 4, 25, 14), page.ReadRows()[0].StartTime);
    }

    [Fact]
    public void Rows_outside_the_hours_asked_for_are_dropped()
    {
        var plan = QueryPlanner.Plan(new MetricQuery(Pkg, KnownMetricSets.Crash)
        {
            Period = AggregationPeriod.Hourly,
            Start = Utc(2026, 4, 25, 10),
            End = Utc(2026, 4, 25, 12),
            Metrics = new[] { "crashRate" },
        }, null);
        Assert.True(V1Window.TrimsRows(plan));
        var rows = string.Join(",", Enumerable.Range(8, 6).Select(h =>
            $$"""{"startTime":{"year":2026,"month":4,"day":25,"hours":{{h}}},"metrics":[{"name":"crashRate","value":"0.{{h}}"}]}"""));
        var page = Page(plan, "{\"rows\":[" + rows + "],\"nextPageToken\":\"n\"}");
        Assert.Equal(new[] { Utc(2026, 4, 25, 10), Utc(2026, 4, 25, 11) }, page.ReadRows().Select(r => r.StartTime));
        Assert.Equal("n", page.NextPageToken);
    }

    [Fact]
    public void Value_may_come_before_name()
    {
        var row = Page("""
            {"rows":[{"startTime":{"year":2026,"month":4,"day":25},
              "dimensions":[{"value":"US","name":"countryCode"},{"value":"151","name":"versionCode"}],
              "metrics":[{"value":"0.25","name":"crashRate"},{"value":"9","name":"crashCount"},{"value":"1","name":"noSuchMetric"}]}]}
            """).ReadRows()[0];
        Assert.Equal(new object?[] { "151", "US", 0.25, 9L, null }, row.Values);
    }

    [Fact]
    public void Escaped_names_and_values_are_unescaped()
    {
        var row = Page("""
            {"rows":[{"startTime":{"year":2026,"month":4,"day":25},
              "dimensions":[{"name":"country\u0043ode","value":"K\u00f6ln \"Nord\"\\1"},{"name":"versionCode","value":"\u0031\u0035\u0031"}],
              "metrics":[{"name":"crash\u0052ate","value":"\u0030.5"}]}]}
            """).ReadRows()[0];
        Assert.Equal("151", row.Values[0]);
        Assert.Equal("Köln \"Nord\"\\1", row.Values[1]);
        Assert.Equal(0.5, row.Values[2]);
    }

    [Fact]
    public void Unknown_fields_anywhere_are_skipped()
    {
        var page = Page("""
            {"extra":{"deep":[1,2,{"a":null,"b":[[]]}]},"status":200,
             "rows":[{"startTime":{"year":2026,"month":4,"day":25,"timeZone":{"id":"UTC"}},
               "aggregationPeriod":"DAILY","unknownArray":[{"x":1}],
               "dimensions":[{"name":"versionCode","value":"151","label":{"en":"v151"}},{"name":"deviceOS","value":"FIRE_OS"}],
               "metrics":[{"unit":"percent","name":"crashRate","value":"0.1","history":[0.1,0.2]}],
               "trailing":true}],
             "moreStuff":null,"nextPageToken":"t2","requestId":"rid"}
            """);
        var row = Assert.Single(page.ReadRows());
        Assert.Equal(new object?[] { "151", null, 0.1, null, null }, row.Values);
        Assert.Equal("t2", page.NextPageToken);
    }

    [Fact]
    public void Next_page_token_is_read_and_the_page_keeps_the_pipelines_request_id()
    {
        var page = Page(SpecExample, "req-from-pipeline");
        Assert.Equal("MjAyNi0wNC0yNXwxNA==", page.NextPageToken);
        Assert.Equal("req-from-pipeline", page.RequestId);

        var noToken = Page("""{"rows":[],"nextPageToken":null}""");
        Assert.Null(noToken.NextPageToken);
        Assert.Empty(noToken.ReadRows());
        Assert.Throws<WireValueException>(() => Page("{}"));
    }

    [Theory]
    [InlineData("""{"status":200,"requestId":"req-body","rows":[]}""", "req-body")]
    [InlineData("""{"rows":[{"metrics":[{"name":"requestId","value":"x"}]}],"nextPageToken":"t","requestId":"late"}""", "late")]
    [InlineData("""{"code":"INVALID_ARGUMENT","message":"m","status":400,"requestId":"err-id"}""", "err-id")]
    [InlineData("""{"rows":[],"nested":{"requestId":"not-top-level"}}""", null)]
    [InlineData("""{"requestId":42}""", null)]
    [InlineData("""{"rows":[]}""", null)]
    [InlineData("<html><body>502 Bad Gateway</body></html>", null)]
    [InlineData("""{"requestId":"cut""", null)]
    [InlineData("", null)]
    public void Request_id_is_read_from_the_top_level_of_any_body(string body, string? expected)
    {
        var wire = new V1WireFormat(new Uri("https://example.invalid/api/appstore"));
        Assert.Equal(expected, wire.ReadRequestId(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Every_truncation_of_a_metric_page_throws_JsonException()
    {
        var full = Encoding.UTF8.GetBytes(SpecExample.Trim());
        var plan = DailyPlan();
        for (var length = 0; length < full.Length; length++)
        {
            var cut = full.AsSpan(0, length).ToArray();
            var e = Record.Exception(() => V1Parser.ReadMetricPage(plan, cut, new StringCache(), null));
            Assert.True(e is JsonException, $"length {length}: {(e is null ? "no exception" : e.GetType().Name)}");
        }
        Assert.Equal(2, V1Parser.ReadMetricPage(plan, full, new StringCache(), null).Count);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"rows\"")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"rows\":{}}")]
    [InlineData("{\"rows\":[1]}")]
    [InlineData("{\"rows\":[],\"nextPageToken\":5}")]
    [InlineData("{\"rows\":[{\"startTime\":5}]}")]
    [InlineData("{\"rows\":[{\"startTime\":\"yesterday\"}]}")]
    [InlineData("{\"rows\":[{\"startTime\":{\"year\":2026,\"month\":13,\"day\":1}}]}")]
    [InlineData("{\"rows\":[{\"startTime\":{\"year\":\"2026\",\"month\":4,\"day\":1}}]}")]
    [InlineData("{\"rows\":[{\"startTime\":{\"year\":2026,\"month\":4,\"day\":null}}]}")]
    [InlineData("{\"rows\":[{\"startTime\":{\"year\":2026.5,\"month\":4,\"day\":1}}]}")]
    [InlineData("{\"rows\":[{\"metrics\":{}}]}")]
    [InlineData("{\"rows\":[{\"metrics\":[{\"name\":\"crashRate\",\"value\":\"abc\"}]}]}")]
    [InlineData("{\"rows\":[{\"metrics\":[{\"name\":\"crashCount\",\"value\":\"1e400\"}]}]}")]
    [InlineData("{\"rows\":[{\"metrics\":[{\"name\":\"crashCount\",\"value\":\"-1e30\"}]}]}")]
    [InlineData("{\"rows\":[{\"metrics\":[{\"name\":\"crashCount\",\"value\":\"12abc\"}]}]}")]
    [InlineData("{\"rows\":[{\"metrics\":[{\"name\":\"crashRate\",\"value\":true}]}]}")]
    [InlineData("{\"rows\":[{\"metrics\":[{\"name\":\"crashRate\",\"value\":{\"v\":1}}]}]}")]
    [InlineData("{\"rows\":[{\"dimensions\":[{\"name\":[\"versionCode\"],\"value\":\"1\"}]}]}")]
    [InlineData("{\"rows\":[],}")]
    [InlineData("")]
    public void Broken_metric_pages_throw_JsonException(string body)
    {
        var e = Record.Exception(() => Page(body));
        Assert.NotNull(e);
        Assert.True(e is JsonException, $"{body}: {e!.GetType().FullName}: {e.Message}");
    }

    private const string IssueExample = """
        {"status":200,"requestId":"r-issues","rows":[
          {"crashDescriptor":"67f35eb2a1","reportText":"java.lang.IllegalStateException: boom\n\tat com.example.Main.run(Main.java:42)\n\tat java.lang.Thread.run(Thread.java:764)\n",
           "dimensions":[{"name":"deviceType","value":"AMAZON_FIRE_TV"}],
           "metrics":[{"name":"errorEventCount","value":"78"},{"name":"affectedDeviceCount","value":"45"}]},
          {"metrics":[{"name":"affectedDeviceCount","value":"3"}],"reportText":null,"crashDescriptor":"00ff","extra":{"a":1}}
        ],"nextPageToken":"issues-2"}
        """;

    [Fact]
    public void Issue_rows_carry_descriptor_multi_line_text_counts_and_dimensions()
    {
        var page = V1Parser.ReadIssuePage(IssuePlan(), Encoding.UTF8.GetBytes(IssueExample), new StringCache(), "r-issues");
        Assert.Equal(2, page.Count);
        Assert.Equal("issues-2", page.NextPageToken);
        Assert.Equal("r-issues", page.RequestId);

        var first = page.Rows[0];
        Assert.Equal("67f35eb2a1", first.CrashDescriptor);
        Assert.Equal("java.lang.IllegalStateException: boom\n\tat com.example.Main.run(Main.java:42)\n\tat java.lang.Thread.run(Thread.java:764)\n", first.ReportText);
        Assert.Equal(3, first.ReportText!.Split('\n').Length - 1);
        Assert.Equal(78L, first.ErrorEventCount);
        Assert.Equal(45L, first.AffectedDeviceCount);
        Assert.Equal(new[] { "AMAZON_FIRE_TV" }, first.Dimensions);

        var second = page.Rows[1];
        Assert.Equal("00ff", second.CrashDescriptor);
        Assert.Null(second.ReportText);
        Assert.Null(second.ErrorEventCount);
        Assert.Equal(3L, second.AffectedDeviceCount);
        Assert.Equal(new string?[] { null }, second.Dimensions);
    }

    [Fact]
    public void Every_truncation_of_an_issue_page_throws_JsonException()
    {
        var full = Encoding.UTF8.GetBytes(IssueExample.Trim());
        var plan = IssuePlan();
        for (var length = 0; length < full.Length; length++)
        {
            var cut = full.AsSpan(0, length).ToArray();
            var e = Record.Exception(() => V1Parser.ReadIssuePage(plan, cut, new StringCache(), null));
            Assert.True(e is JsonException, $"length {length}: {(e is null ? "no exception" : e.GetType().Name)}");
        }
    }

    private const string FreshnessExample = """
        {"name":"crashMetricSet",
         "metrics":["crashRate","crashRate7dUserWeighted","distinctDevices","crashCount"],
         "dimensions":["versionCode","countryCode","deviceModel","deviceType","deviceOS","osVersion"],
         "freshnessInfo":[
           {"aggregationPeriod":"DAILY","latestDataTimestamp":"2026-04-25"},
           {"latestDataTimestamp":"2026-04-26T14","aggregationPeriod":"HOURLY","note":"x"}],
         "other":{"a":[1]}}
        """;

    [Fact]
    public void Freshness_gives_metrics_dimensions_and_latest_times()
    {
        var info = V1Parser.ReadFreshness(Pkg, "crashMetricSet", Encoding.UTF8.GetBytes(FreshnessExample));
        Assert.Equal(Pkg, info.PackageName);
        Assert.Equal("crashMetricSet", info.MetricSet);
        Assert.Equal(new[] { "crashRate", "crashRate7dUserWeighted", "distinctDevices", "crashCount" }, info.Metrics);
        Assert.Equal(KnownMetricSets.Dimensions, info.Dimensions);
        Assert.Equal(Utc(2026, 4, 25), info.LatestDaily);
        Assert.Equal(Utc(2026, 4, 26, 14), info.LatestHourly);
        Assert.Equal(info.LatestDaily, info.LatestFor(AggregationPeriod.Daily));
        Assert.Equal(info.LatestHourly, info.LatestFor(AggregationPeriod.Hourly));
    }

    [Fact]
    public void Freshness_without_hourly_or_with_odd_timestamps_gives_null()
    {
        var info = V1Parser.ReadFreshness(Pkg, "issuesMetricSet", """
            {"metrics":[],"dimensions":[],"freshnessInfo":[{"aggregationPeriod":"daily","latestDataTimestamp":"2026-04-25T00:00:00Z"}]}
            """u8);
        Assert.Equal(Utc(2026, 4, 25), info.LatestDaily);
        Assert.Null(info.LatestHourly);

        var odd = V1Parser.ReadFreshness(Pkg, "x", """{"freshnessInfo":[{"aggregationPeriod":"DAILY","latestDataTimestamp":"last tuesday"},{"aggregationPeriod":"HOURLY","latestDataTimestamp":null}]}"""u8);
        Assert.Null(odd.LatestDaily);
        Assert.Null(odd.LatestHourly);
        Assert.Empty(odd.Metrics);
    }

    [Fact]
    public void Every_truncation_of_a_freshness_answer_throws_JsonException()
    {
        var full = Encoding.UTF8.GetBytes(FreshnessExample.Trim());
        for (var length = 0; length < full.Length; length++)
        {
            var cut = full.AsSpan(0, length).ToArray();
            var e = Record.Exception(() => V1Parser.ReadFreshness(Pkg, "crashMetricSet", cut));
            Assert.True(e is JsonException, $"length {length}: {(e is null ? "no exception" : e.GetType().Name)}");
        }
    }

    [Fact]
    public void Vitals_error_body_gives_code_and_message()
    {
        var wire = new V1WireFormat(new Uri("http://127.0.0.1/api/appstore"));
        var error = wire.ParseError(Response(400, """{"code":"INVALID_ARGUMENT","details":{"field":["metrics"]},"message":"Unknown metric 'bogus'.","status":400}"""));
        Assert.Equal("INVALID_ARGUMENT", error.Code);
        Assert.Equal("Unknown metric 'bogus'.", error.Message);
    }

    [Fact]
    public void Lwa_error_body_is_read_in_Auth_not_by_the_wire_format()
    {
        var lwa = Response(401, """{"error_description":"Client authentication failed","error":"invalid_client"}""");
        var error = AmazonVitals.Client.Auth.LwaErrors.Read(lwa);
        Assert.Equal("invalid_client", error.Code);
        Assert.Equal("Client authentication failed", error.Message);
        // The Vitals wire format knows only the API's own shape.
        var wire = new V1WireFormat(new Uri("http://127.0.0.1/api/appstore"));
        Assert.Equal("HTTP_401", wire.ParseError(lwa).Code);
    }

    [Theory]
    [InlineData(502, "<html>\r\n<body>502 Bad Gateway</body>\r\n</html>", "<html>  <body>502 Bad Gateway</body>  </html>")]
    [InlineData(503, "", "")]
    [InlineData(500, "[1,2]", "[1,2]")]
    [InlineData(500, "{\"unexpected\":true}", "{\"unexpected\":true}")]
    [InlineData(500, "{\"code\":\"INTERNAL\",\"mess", "{\"code\":\"INTERNAL\",\"mess")]
    public void Other_error_bodies_fall_back_to_the_status(int status, string body, string message)
    {
        var wire = new V1WireFormat(new Uri("http://127.0.0.1/api/appstore"));
        var error = wire.ParseError(Response(status, body));
        Assert.Equal("HTTP_" + status, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Long_non_json_error_bodies_are_cut_to_200_characters()
    {
        var wire = new V1WireFormat(new Uri("http://127.0.0.1/api/appstore"));
        var error = wire.ParseError(Response(500, new string('x', 5000)));
        Assert.Equal(200, error.Message.Length);
    }

    [Fact]
    public void Wire_format_parses_through_the_response_and_uses_the_header_request_id()
    {
        var wire = new V1WireFormat(new Uri("http://127.0.0.1/api/appstore"));
        var body = Encoding.UTF8.GetBytes("""{"rows":[{"startTime":{"year":2026,"month":4,"day":25},"metrics":[{"name":"crashRate","value":"0.5"}]}]}""");
        // The pipeline's buffers are bigger than the body: only Length bytes count.
        var buffer = new byte[body.Length + 64];
        body.CopyTo(buffer, 0);
        buffer[body.Length] = (byte)'x';
        var page = wire.ParseMetricPage(DailyPlan(), new VitalsResponse(200, buffer, body.Length, "hdr-id"), new StringCache());
        Assert.Equal("hdr-id", page.RequestId);
        Assert.Equal(0.5, page.ReadRows().Single().Values[2]);
    }

    [Fact]
    public void Dimension_values_are_shared_strings_within_a_query()
    {
        var strings = new StringCache();
        var body = Encoding.UTF8.GetBytes("""
            {"rows":[
              {"startTime":{"year":2026,"month":4,"day":24},"dimensions":[{"name":"countryCode","value":"US"}]},
              {"startTime":{"year":2026,"month":4,"day":25},"dimensions":[{"name":"countryCode","value":"US"}]}]}
            """);
        var rows = V1Parser.ReadMetricPage(DailyPlan(), body, strings, null).ReadRows();
        Assert.Same(rows[0].Values[1], rows[1].Values[1]);
        var again = V1Parser.ReadMetricPage(DailyPlan(), body, strings, null).ReadRows();
        Assert.Same(rows[0].Values[1], again[0].Values[1]);
    }
}
