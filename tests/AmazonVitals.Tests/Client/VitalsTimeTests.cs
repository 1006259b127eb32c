using System;
using System.Globalization;
using System.Text.Json;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using AmazonVitals.Client.Wire.V1;
using Xunit;

namespace AmazonVitals.Tests.Client;

public sealed class VitalsTimeTests
{
    [Fact]
    public void Utc_value_is_kept_as_is()
    {
        var value = new DateTime(2026, 4, 25, 14, 30, 0, DateTimeKind.Utc);
        var result = VitalsTime.ToUtc(value);
        Assert.Equal(value, result);
        Assert.Equal(DateTimeKind.Utc, result.Kind);
    }

    [Fact]
    public void Utc_midnight_is_kept_as_is()
    {
        var value = new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(value, VitalsTime.ToUtc(value));
    }

    [Fact]
    public void Bare_date_means_that_utc_date_and_is_never_shifted()
    {
        // What PowerShell binds '2026-11-20' to: midnight, unspecified kind.
        var bare = new DateTime(2026, 11, 20);
        Assert.Equal(DateTimeKind.Unspecified, bare.Kind);

        var result = VitalsTime.ToUtc(bare);

        Assert.Equal(DateTimeKind.Utc, result.Kind);
        Assert.Equal(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), result);
        Assert.Equal(TimeSpan.Zero, result.TimeOfDay);
    }

    [Fact]
    public void Local_time_is_converted_to_utc()
    {
        var local = new DateTime(2026, 4, 25, 10, 15, 0, DateTimeKind.Local);
        var expected = TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.Local);

        var result = VitalsTime.ToUtc(local);

        Assert.Equal(DateTimeKind.Utc, result.Kind);
        Assert.Equal(expected, result);
        Assert.Equal(local - TimeZoneInfo.Local.GetUtcOffset(local), result);
    }

    [Fact]
    public void Local_midnight_is_a_local_instant_not_a_bare_date()
    {
        // Kind Local says the user meant their own midnight: that is converted like any local time.
        var local = new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Local);
        var result = VitalsTime.ToUtc(local);
        Assert.Equal(DateTimeKind.Utc, result.Kind);
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.Local), result);
    }

    [Fact]
    public void Unspecified_time_with_a_time_of_day_is_treated_as_local()
    {
        var unspecified = new DateTime(2026, 4, 25, 10, 15, 0, DateTimeKind.Unspecified);
        var asLocal = DateTime.SpecifyKind(unspecified, DateTimeKind.Local);

        var result = VitalsTime.ToUtc(unspecified);

        Assert.Equal(DateTimeKind.Utc, result.Kind);
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(asLocal, TimeZoneInfo.Local), result);
    }

    [Fact]
    public void Local_zone_is_not_utc_when_TZ_is_set()
    {
        // build.ps1 runs xunit with TZ set to a non-UTC zone, so the conversions above are really exercised.
        var tz = Environment.GetEnvironmentVariable("TZ");
        if (string.IsNullOrEmpty(tz))
            return;
        Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.BaseUtcOffset);
        var local = new DateTime(2026, 1, 15, 10, 0, 0, DateTimeKind.Local);
        Assert.NotEqual(local.Hour, VitalsTime.ToUtc(local).Hour);
        // ...and the bare date still is not shifted.
        Assert.Equal(new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc), VitalsTime.ToUtc(new DateTime(2026, 1, 15)));
    }

    public static TheoryData<string, DateTime> GoodTimestamps => new()
    {
        { "2026-04-25", new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc) },
        { "2026-04-25T14", new DateTime(2026, 4, 25, 14, 0, 0, DateTimeKind.Utc) },
        { "2026-04-25T00:00:00Z", new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc) },
        { "2026-04-25T23:00:00Z", new DateTime(2026, 4, 25, 23, 0, 0, DateTimeKind.Utc) },
        { "2026-04-25T14:30:15Z", new DateTime(2026, 4, 25, 14, 30, 15, DateTimeKind.Utc) },
        { "2026-04-25T14:30:15.5Z", new DateTime(2026, 4, 25, 14, 30, 15, 500, DateTimeKind.Utc) },
        { "2026-04-25T14Z", new DateTime(2026, 4, 25, 14, 0, 0, DateTimeKind.Utc) },
        { "2026-12-31T23:59:59Z", new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc) },
    };

    [Theory]
    [MemberData(nameof(GoodTimestamps))]
    public void ParseTimestamp_reads_the_api_forms_as_utc_without_shifting(string text, DateTime expected)
    {
        var parsed = VitalsTime.ParseTimestamp(text);
        Assert.NotNull(parsed);
        Assert.Equal(DateTimeKind.Utc, parsed!.Value.Kind);
        Assert.Equal(expected, parsed.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("junk")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("2026-04-25T25")]
    [InlineData("25/04/2026")]
    [InlineData("04/25/2026")]
    [InlineData("25.04.2026")]
    [InlineData("2026-04-25 garbage")]
    [InlineData("1745539200")]
    public void ParseTimestamp_returns_null_for_anything_else(string? text)
    {
        Assert.Null(VitalsTime.ParseTimestamp(text));
    }

    [Fact]
    public void UtcDate_and_CeilingDate_make_whole_dates()
    {
        var midnight = new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(midnight, VitalsTime.UtcDate(midnight.AddHours(13)));
        Assert.Equal(DateTimeKind.Utc, VitalsTime.UtcDate(midnight.AddHours(13)).Kind);
        Assert.Equal(midnight, VitalsTime.CeilingDate(midnight));
        Assert.Equal(midnight.AddDays(1), VitalsTime.CeilingDate(midnight.AddSeconds(1)));
        Assert.Equal(midnight.AddDays(1), VitalsTime.CeilingDate(midnight.AddHours(23)));
    }

    [Fact]
    public void Parsing_and_formatting_are_invariant_under_a_comma_decimal_culture()
    {
        using (new CultureScope("de-DE"))
        {
            // The scope is real: under de-DE a culture-sensitive parse reads "0.0142" as 142.
            Assert.Equal(",", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator);
            Assert.Equal(142d, double.Parse("0.0142", CultureInfo.CurrentCulture));

            // Timestamps.
            Assert.Equal(new DateTime(2026, 4, 25, 14, 0, 0, DateTimeKind.Utc), VitalsTime.ParseTimestamp("2026-04-25T14"));
            Assert.Equal(new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc), VitalsTime.ParseTimestamp("2026-04-25T00:00:00Z"));

            // Response values: "0.0142" is 0.0142, "54320" is 54320, "1.5e-3" is 0.0015.
            var plan = QueryPlanner.Plan(new MetricQuery("com.example.tvapp", "crashMetricSet")
            {
                Start = ClientTestData.Utc(2026, 4, 24),
                End = ClientTestData.Utc(2026, 4, 26),
                Metrics = new[] { "crashRate", "distinctDevices", "userPerceivedCrashRate" },
                Dimensions = new[] { "countryCode" },
                PageSize = 12345,
            }, null);
            var body = """
                {"rows":[{"startTime":{"year":2026,"month":4,"day":25},
                  "dimensions":[{"name":"countryCode","value":"DE"}],
                  "metrics":[{"name":"crashRate","value":"0.0142"},{"name":"distinctDevices","value":"54320"},{"name":"userPerceivedCrashRate","value":"1.5e-3"}]}]}
                """u8;
            var page = V1Parser.ReadMetricPage(plan, body.ToArray(), new StringCache(), null);
            var row = Assert.Single(page.ReadRows());
            Assert.Equal(0.0142, Assert.IsType<double>(row.Values[1]));
            Assert.Equal(54320L, Assert.IsType<long>(row.Values[2]));
            Assert.Equal(0.0015, Assert.IsType<double>(row.Values[3]), 12);

            // Request bodies: plain JSON integers, no separators.
            var json = V1Requests.Text(V1Requests.QueryBody(plan, null));
            Assert.Contains("\"pageSize\":12345", json, StringComparison.Ordinal);
            Assert.Contains("\"year\":2026", json, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(12345, doc.RootElement.GetProperty("pageSize").GetInt32());

            // Freshness timestamps.
            var freshness = V1Parser.ReadFreshness("p", "crashMetricSet", """
                {"metrics":["crashRate"],"dimensions":[],"freshnessInfo":[
                  {"aggregationPeriod":"DAILY","latestDataTimestamp":"2026-04-25"},
                  {"aggregationPeriod":"HOURLY","latestDataTimestamp":"2026-04-26T14"}]}
                """u8);
            Assert.Equal(new DateTime(2026, 4, 25, 0, 0, 0, DateTimeKind.Utc), freshness.LatestDaily);
            Assert.Equal(new DateTime(2026, 4, 26, 14, 0, 0, DateTimeKind.Utc), freshness.LatestHourly);

            // Messages the user reads use the invariant format too.
            var message = AmazonVitals.Client.Messages.HourlyTooWide(15.5);
            Assert.Contains("15.5", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CultureScope_restores_the_culture()
    {
        var before = CultureInfo.CurrentCulture;
        using (new CultureScope("de-DE"))
            Assert.Equal("de-DE", CultureInfo.CurrentCulture.Name);
        Assert.Equal(before, CultureInfo.CurrentCulture);
    }

    [Fact]
    public void Dates_written_to_request_bodies_are_the_utc_date_under_a_non_utc_zone()
    {
        // A bare date typed by the user becomes exactly that date on the wire, whatever the zone.
        var start = VitalsTime.ToUtc(new DateTime(2026, 4, 20));
        var end = VitalsTime.ToUtc(new DateTime(2026, 4, 22));
        var plan = QueryPlanner.Plan(new MetricQuery("com.example.tvapp", "crashMetricSet")
        {
            Start = start,
            End = end,
            Metrics = new[] { "crashRate" },
        }, null);
        using var doc = JsonDocument.Parse(V1Requests.QueryBody(plan, null));
        var spec = doc.RootElement.GetProperty("timelineSpec");
        Assert.Equal(20, spec.GetProperty("startTime").GetProperty("day").GetInt32());
        Assert.Equal(22, spec.GetProperty("endTime").GetProperty("day").GetInt32());
    }
}
