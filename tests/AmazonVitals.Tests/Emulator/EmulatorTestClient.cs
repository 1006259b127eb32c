using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AmazonVitals.Emulator;
using AmazonVitals.Emulator.Profiles;
using Xunit;

namespace AmazonVitals.Tests.Emulator;

/// <summary>A raw HTTP client for the emulator: the tests check the wire, not the module's client.</summary>
public sealed class EmulatorTestClient : IDisposable
{
    /// <summary>Fixed clock for all emulator tests: latest DAILY 2026-04-25, latest HOURLY 2026-04-26T14.</summary>
    public static readonly DateTimeOffset Now = new(2026, 4, 26, 16, 30, 0, TimeSpan.Zero);

    public EmulatorTestClient(EmulatorHost host)
    {
        Host = host;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public EmulatorHost Host { get; }

    public HttpClient Http { get; }

    public static EmulatorOptions Options(int rateLimit = 0, EmulatorProfile profile = EmulatorProfile.Inferred, TimeProvider? rateLimitClock = null) =>
        new() { Now = Now, RateLimit = rateLimit, Profile = profile, RateLimitClock = rateLimitClock ?? TimeProvider.System };

    public static JsonObject Daily(string start, string end) => Timeline("DAILY", start, end);

    public static JsonObject Timeline(string period, string start, string end) => new()
    {
        ["timelineSpec"] = new JsonObject
        {
            ["aggregationPeriod"] = period,
            ["startTime"] = Date(start),
            ["endTime"] = Date(end),
        },
    };

    public static JsonObject Date(string iso)
    {
        var d = DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject { ["year"] = d.Year, ["month"] = d.Month, ["day"] = d.Day };
    }

    public static JsonArray List(params string[] items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    public Uri Api(string relative) => new($"{Host.BaseUri}/{relative}");

    public async Task<HttpResponseMessage> TokenResponseAsync(
        string clientId = EmulatorOptions.DefaultClientId,
        string secret = EmulatorOptions.DefaultClientSecret,
        string grant = "client_credentials",
        string scope = EmulatorOptions.Scope)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        });
        return await Http.PostAsync(Host.TokenUri, form);
    }

    public async Task<string> TokenAsync()
    {
        using var response = await TokenResponseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<Answer> FreshnessAsync(string package, string set, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api($"vitals/apps/{package}/{set}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await TokenAsync());
        using var response = await Http.SendAsync(request);
        return await Answer.ReadAsync(response);
    }

    public Task<Answer> QueryAsync(string package, string set, JsonNode body, string? token = null) =>
        QueryRawAsync(package, set, body.ToJsonString(), token);

    public async Task<Answer> QueryRawAsync(string package, string set, string body, string? token = null, bool auth = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api($"vitals/apps/{package}/{set}:query"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (auth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await TokenAsync());
        }

        using var response = await Http.SendAsync(request);
        return await Answer.ReadAsync(response);
    }

    /// <summary>Every row of a query, following nextPageToken.</summary>
    public async Task<(List<JsonObject> Rows, int Pages)> AllRowsAsync(string package, string set, JsonObject body, string? token = null)
    {
        token ??= await TokenAsync();
        var rows = new List<JsonObject>();
        var pages = 0;
        var page = (JsonObject)body.DeepClone();
        while (true)
        {
            var answer = await QueryAsync(package, set, page, token);
            Assert.Equal(200, answer.Status);
            pages++;
            rows.AddRange(answer.Json!["rows"]!.AsArray().Select(r => (JsonObject)r!));
            var next = answer.Json["nextPageToken"]?.GetValue<string>();
            if (next == null)
            {
                return (rows, pages);
            }

            page["pageToken"] = next;
        }
    }

    public async Task<JsonNode> ControlAsync(HttpMethod method, string route, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Host.ControlUri, route));
        if (json != null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {route}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonArray> LogAsync() => (await ControlAsync(HttpMethod.Get, "log")).AsArray();

    /// <summary>The log once it holds at least <paramref name="entries"/> entries: a request is logged just after its answer is sent.</summary>
    public Task<JsonArray> LogAsync(int entries) => LogOnceAsync(log => log.Count >= entries);

    /// <summary>
    /// The log once an entry matches <paramref name="match"/>. A request whose connection was cut
    /// or whose client gave up is logged when the server notices, which can be after the client
    /// has moved on.
    /// </summary>
    public Task<JsonArray> LogAsync(Func<JsonNode, bool> match) => LogOnceAsync(log => log.Any(e => e is not null && match(e)));

    /// <summary>The log once <paramref name="settled"/> holds, or as it is after 10 s.</summary>
    private async Task<JsonArray> LogOnceAsync(Func<JsonArray, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var log = await LogAsync();
        while (!settled(log) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            log = await LogAsync();
        }

        return log;
    }

    public void Dispose() => Http.Dispose();

    /// <summary>Status, headers and parsed body of one answer.</summary>
    public sealed record Answer(int Status, JsonObject? Json, string Text, HttpResponseHeaders Headers)
    {
        public string? Code => Json?["code"]?.GetValue<string>();

        public string? Message => Json?["message"]?.GetValue<string>();

        public JsonArray Rows => Json!["rows"]!.AsArray();

        public static async Task<Answer> ReadAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            JsonObject? json = null;
            try
            {
                json = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
            }

            return new Answer((int)response.StatusCode, json, text, response.Headers);
        }
    }
}

/// <summary>One emulator per test class: fixed clock, no rate limit, the inferred (default) profile.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; } = null!;

    public EmulatorTestClient Client { get; private set; } = null!;

    protected virtual EmulatorProfile Profile => EmulatorProfile.Inferred;

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(EmulatorTestClient.Options(profile: Profile));
        Client = new EmulatorTestClient(Host);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>The same, serving the strict reference profile.</summary>
public sealed class StrictEmulatorFixture : EmulatorFixture
{
    protected override EmulatorProfile Profile => EmulatorProfile.Strict;
}
