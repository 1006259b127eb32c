using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static AmazonVitals.Tests.Emulator.EmulatorTestClient;

namespace AmazonVitals.Tests.Emulator;

/// <summary>
/// The two packages whose versionCode and deviceModel interact: com.example.mixshift (the same
/// per-model rates on 151 and 150, but 151 on the crashier models) and com.example.driver (151
/// crashes three times as often on AFTKA alone). Every row carries ±5 % rate noise of its own, so the
/// ratio of two rows of equal rates lies within 0.95/1.05 .. 1.05/0.95 (0.905 .. 1.105): the bounds
/// below are that, and a 30-day pool of such ratios stays within ±3 %.
/// </summary>
public sealed class VersionModelTests : IClassFixture<EmulatorFixture>
{
    private const string MixShift = "com.example.mixshift";
    private const string Driver = "com.example.driver";
    private const double NoiseLow = 0.95 / 1.05;
    private const double NoiseHigh = 1.05 / 0.95;

    private readonly EmulatorTestClient _client;

    public VersionModelTests(EmulatorFixture fixture) => _client = fixture.Client;

    [Theory]
    [InlineData("crashMetricSet", "crashRate")]
    [InlineData("anrMetricSet", "anrRate")]
    [InlineData("lmkMetricSet", "lmkRate")]
    public async Task Mix_shift_newest_version_rates_as_the_previous_on_every_model(string set, string rate)
    {
        var pairs = await NewestAgainstPreviousByModelAsync(MixShift, set, rate);
        Assert.Equal(30 * 20, pairs.Count);
        Assert.All(pairs, p => Assert.InRange(p.Newest.Rate / p.Previous.Rate, NoiseLow, NoiseHigh));
        foreach (var model in pairs.GroupBy(p => p.Model))
        {
            Assert.InRange(Pooled(model.Select(p => p.Newest)) / Pooled(model.Select(p => p.Previous)), 0.97, 1.03);
        }
    }

    [Fact]
    public async Task Mix_shift_newest_version_crashes_more_pooled_because_it_reached_the_crashier_models_first()
    {
        var pairs = await NewestAgainstPreviousByModelAsync(MixShift, "crashMetricSet", "crashRate");
        var prone = new[] { "AFTMM", "AFTKM" };
        Assert.InRange(DeviceShare(pairs.Select(p => (p.Model, p.Newest)), prone), 0.43, 0.47);
        Assert.InRange(DeviceShare(pairs.Select(p => (p.Model, p.Previous)), prone), 0.22, 0.27);
        // Per model the prone ones crash about twice as often as the rest, on both versions.
        var proneRate = Pooled(pairs.Where(p => prone.Contains(p.Model)).Select(p => p.Previous));
        var otherRate = Pooled(pairs.Where(p => !prone.Contains(p.Model)).Select(p => p.Previous));
        Assert.InRange(proneRate / otherRate, 1.7, 2.5);

        // The versionCode rows alone, as a chart of the two versions shows them.
        var days = await NewestAgainstPreviousAsync(MixShift);
        Assert.Equal(30, days.Count);
        var pooled = Pooled(days.Select(d => d.Newest)) / Pooled(days.Select(d => d.Previous));
        Assert.InRange(pooled, 1.15, 1.3);
        Assert.All(days, d => Assert.InRange(d.Newest.Rate / d.Previous.Rate, 1.15 * NoiseLow, 1.3 * NoiseHigh));
    }

    [Fact]
    public async Task Driver_newest_version_crashes_three_times_as_often_on_AFTKA_and_as_often_elsewhere()
    {
        var pairs = await NewestAgainstPreviousByModelAsync(Driver, "crashMetricSet", "crashRate");
        Assert.Equal(30 * 20, pairs.Count);
        foreach (var model in pairs.GroupBy(p => p.Model))
        {
            var factor = model.Key == "AFTKA" ? 3.0 : 1.0;
            Assert.All(model, p => Assert.InRange(p.Newest.Rate / p.Previous.Rate, factor * NoiseLow, factor * NoiseHigh));
            Assert.InRange(Pooled(model.Select(p => p.Newest)) / Pooled(model.Select(p => p.Previous)), factor * 0.97, factor * 1.03);
        }

        Assert.InRange(DeviceShare(pairs.Select(p => (p.Model, p.Newest)), ["AFTKA"]), 0.28, 0.32);
        // ANR and LMK are untouched: the newest version rates as the previous one on AFTKA too.
        var anr = await NewestAgainstPreviousByModelAsync(Driver, "anrMetricSet", "anrRate");
        Assert.All(anr, p => Assert.InRange(p.Newest.Rate / p.Previous.Rate, NoiseLow, NoiseHigh));
    }

    [Theory]
    [InlineData(MixShift)]
    [InlineData(Driver)]
    public async Task Coupled_aggregate_rows_agree_with_their_parts(string package)
    {
        var body = Daily("2026-04-25", "2026-04-26");
        var total = (await _client.QueryAsync(package, "crashMetricSet", body)).Rows.Single()!;
        body["dimensions"] = List("versionCode");
        var versions = await RowsAsync(package, body);
        body["dimensions"] = List("deviceModel");
        var models = await RowsAsync(package, body);
        body["dimensions"] = List("versionCode", "deviceModel");
        var cells = await RowsAsync(package, body);
        Assert.Equal(10 * 20, cells.Count);

        AssertSumsTo(total, cells);
        foreach (var version in versions)
        {
            AssertSumsTo(version, [.. cells.Where(c => Dim(c, "versionCode") == Dim(version, "versionCode"))]);
        }

        // The model rows are summed from the same version x model terms: 151's tilt shows in them too.
        foreach (var model in models)
        {
            AssertSumsTo(model, [.. cells.Where(c => Dim(c, "deviceModel") == Dim(model, "deviceModel"))]);
        }

        // A filter on one dimension of the pair narrows the other's rows to the same cells.
        body["dimensions"] = List("deviceModel");
        body["filter"] = new JsonObject { ["versionCode"] = List("151") };
        foreach (var model in await RowsAsync(package, body))
        {
            AssertSumsTo(model, [.. cells.Where(c => Dim(c, "versionCode") == "151" && Dim(c, "deviceModel") == Dim(model, "deviceModel"))]);
        }
    }

    [Fact]
    public async Task Mix_shift_issues_are_spread_over_the_models_as_the_devices_are()
    {
        var body = new JsonObject
        {
            ["startTime"] = Date("2026-04-19"),
            ["endTime"] = Date("2026-04-26"),
            ["reportType"] = "CRASH",
            ["dimensions"] = List("deviceModel"),
            ["filter"] = new JsonObject { ["versionCode"] = List("151") },
            ["pageSize"] = 5000,
        };
        var rows = (await _client.QueryAsync(MixShift, "issuesMetricSet", body)).Rows.Select(r => r!).ToList();
        var events = rows.Sum(r => Metric(r, "errorEventCount"));
        var prone = rows.Where(r => Dim(r, "deviceModel") is "AFTMM" or "AFTKM").Sum(r => Metric(r, "errorEventCount"));
        Assert.InRange(prone / events, 0.43, 0.47);
    }

    /// <summary>
    /// Devices, rate and count of the whole agree with the sums of its parts within the noise model:
    /// every row's devices carry ±3 % noise of their own and its rate ±5 %, so the whole and the sum
    /// of its parts (a single part, at worst) differ by at most those factors both ways. Counts are
    /// whole numbers, rounded on every row, so they may also be off by half a crash per row.
    /// </summary>
    private static void AssertSumsTo(JsonNode whole, IReadOnlyList<JsonNode> parts)
    {
        const double devicesNoise = 1.03 / 0.97, rateNoise = 1.05 / 0.95;
        Assert.NotEmpty(parts);
        var devices = parts.Sum(p => Metric(p, "distinctDevices"));
        var devicesRounding = 0.5 * (parts.Count + 1);
        Assert.InRange(Metric(whole, "distinctDevices"), (devices / devicesNoise) - devicesRounding, (devices * devicesNoise) + devicesRounding);
        var weighted = parts.Sum(p => Metric(p, "crashRate") * Metric(p, "distinctDevices")) / devices;
        Assert.InRange(Metric(whole, "crashRate") / weighted, 1 / rateNoise, rateNoise);
        var counts = parts.Sum(p => Metric(p, "crashCount"));
        var countsRounding = 0.5 * (parts.Count + 1);
        Assert.InRange(Metric(whole, "crashCount"), (counts / (devicesNoise * rateNoise)) - countsRounding, (counts * devicesNoise * rateNoise) + countsRounding);
    }

    private readonly record struct Sample(double Rate, double Devices);

    private sealed record ModelPair(string Day, string Model, Sample Newest, Sample Previous);

    private static double Pooled(IEnumerable<Sample> samples)
    {
        var list = samples.ToList();
        return list.Sum(s => s.Rate * s.Devices) / list.Sum(s => s.Devices);
    }

    private static double DeviceShare(IEnumerable<(string Model, Sample Sample)> rows, string[] models)
    {
        var list = rows.ToList();
        return list.Where(r => models.Contains(r.Model)).Sum(r => r.Sample.Devices) / list.Sum(r => r.Sample.Devices);
    }

    /// <summary>151 and 150 per date and deviceModel over the 30 DAILY dates.</summary>
    private async Task<List<ModelPair>> NewestAgainstPreviousByModelAsync(string package, string set, string rate)
    {
        var body = Daily("2026-03-27", "2026-04-26");
        body["dimensions"] = List("deviceModel", "versionCode");
        body["metrics"] = List(rate, "distinctDevices");
        body["filter"] = new JsonObject { ["versionCode"] = List("150", "151") };
        body["pageSize"] = 5000;
        var rows = await RowsAsync(package, body, set);
        return [.. rows.Chunk(2).Select(pair =>
        {
            Assert.Equal(["150", "151"], pair.Select(r => Dim(r, "versionCode")));
            return new ModelPair(Day(pair[0]), Dim(pair[0], "deviceModel"), SampleOf(pair[1], rate), SampleOf(pair[0], rate));
        })];
    }

    /// <summary>151 and 150 per date, pooled over the devices.</summary>
    private async Task<List<(Sample Newest, Sample Previous)>> NewestAgainstPreviousAsync(string package)
    {
        var body = Daily("2026-03-27", "2026-04-26");
        body["dimensions"] = List("versionCode");
        body["metrics"] = List("crashRate", "distinctDevices");
        body["filter"] = new JsonObject { ["versionCode"] = List("150", "151") };
        var rows = await RowsAsync(package, body);
        return [.. rows.Chunk(2).Select(pair => (SampleOf(pair[1], "crashRate"), SampleOf(pair[0], "crashRate")))];
    }

    private async Task<List<JsonNode>> RowsAsync(string package, JsonObject body, string set = "crashMetricSet")
    {
        var answer = await _client.QueryAsync(package, set, body);
        Assert.Equal(200, answer.Status);
        Assert.Null(answer.Json!["nextPageToken"]);
        return [.. answer.Rows.Select(r => r!)];
    }

    private static Sample SampleOf(JsonNode row, string rate) => new(Metric(row, rate), Metric(row, "distinctDevices"));

    private static string Day(JsonNode row) => row["startTime"]!.ToJsonString();

    private static string Dim(JsonNode row, string name) =>
        row["dimensions"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>();

    private static double Metric(JsonNode row, string name) =>
        double.Parse(row["metrics"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
