using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Model;
using AmazonVitals.Emulator;
using AmazonVitals.Emulator.Control;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>
/// One emulator per test (real HTTP on loopback) with its own client id, so every test has its own
/// log, faults, tokens and process-wide rate gate, and tests can run side by side.
/// </summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    /// <summary>Fixed data clock: latest DAILY 2026-04-25, latest HOURLY 2026-04-26T14.</summary>
    public static readonly DateTimeOffset Now = new(2026, 4, 26, 16, 30, 0, TimeSpan.Zero);
    public const string Package = "com.example.tvapp";
    public const string Secret = "emulator-secret-for-client-tests";

    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ClientHarness(EmulatorHost emulator, string clientId)
    {
        Emulator = emulator;
        ClientId = clientId;
    }

    public EmulatorHost Emulator { get; }
    public string ClientId { get; }

    public static async Task<ClientHarness> StartAsync(int rateLimit = 0, int tokenLifetimeSeconds = 3600)
    {
        var clientId = "client-tests-" + Guid.NewGuid().ToString("N");
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Now = Now,
            RateLimit = rateLimit,
            TokenLifetimeSeconds = tokenLifetimeSeconds,
            ClientId = clientId,
            ClientSecret = Secret,
        });
        return new ClientHarness(emulator, clientId);
    }

    /// <summary>Fast backoff and a high client-side rate so tests that are not about either stay quick.</summary>
    public VitalsClientOptions Options(
        int maxRetryCount = 3,
        int requestsPerSecond = 1000,
        TimeSpan? retryBaseDelay = null,
        TimeSpan? retryAfterCap = null,
        TimeSpan? attemptTimeout = null,
        TimeSpan? totalTimeout = null,
        string? secret = null) =>
        new(ClientId, Secure(secret ?? Secret))
        {
            BaseUri = Emulator.BaseUri,
            TokenUri = Emulator.TokenUri,
            MaxRetryCount = maxRetryCount,
            RequestsPerSecond = requestsPerSecond,
            RetryBaseDelay = retryBaseDelay ?? TimeSpan.FromMilliseconds(50),
            RetryAfterCap = retryAfterCap ?? TimeSpan.FromSeconds(5),
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(20),
            TotalTimeout = totalTimeout ?? TimeSpan.FromSeconds(40),
        };

    public VitalsClient CreateClient(VitalsClientOptions? options = null) => VitalsClient.Create(options ?? Options());

    /// <summary>POST /_emulator/faults.</summary>
    public async Task AddFaultsAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _control.PostAsync(new Uri(Emulator.ControlUri, "faults"), content);
        Assert.True(response.IsSuccessStatusCode, "POST /_emulator/faults: " + await response.Content.ReadAsStringAsync());
    }

    /// <summary>DELETE /_emulator/log.</summary>
    public async Task ClearLogAsync()
    {
        using var response = await _control.DeleteAsync(new Uri(Emulator.ControlUri, "log"));
        Assert.True(response.IsSuccessStatusCode);
    }

    /// <summary>POST /_emulator/config.</summary>
    public async Task ConfigAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _control.PostAsync(new Uri(Emulator.ControlUri, "config"), content);
        Assert.True(response.IsSuccessStatusCode, "POST /_emulator/config: " + await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The emulator logs a request once its answer is written, which can be a moment after the
    /// client has read it. Waits until at least <paramref name="minimum"/> entries are there and a
    /// little longer for stragglers, then returns the log (control requests left out).
    /// </summary>
    public async Task<IReadOnlyList<LogEntry>> SettledLogAsync(int minimum = 0)
    {
        var watch = Stopwatch.StartNew();
        while (Emulator.GetLog().Count < minimum && watch.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20);
        await Task.Delay(150);
        return Emulator.GetLog();
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await Emulator.DisposeAsync();
    }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
            secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Shared queries, readers and row comparisons.</summary>
internal static class ClientTestData
{
    public static readonly string[] ThreeMetrics = { "crashRate", "crashCount", "distinctDevices" };

    public static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Two days by versionCode, six rows a page: several pages, and no freshness request because
    /// times and metrics are all given.
    /// </summary>
    public static MetricQuery PagedQuery(int pageSize = 6) => new(ClientHarness.Package, KnownMetricSets.Crash)
    {
        Start = Utc(2026, 4, 20),
        End = Utc(2026, 4, 22),
        Metrics = ThreeMetrics,
        Dimensions = new[] { "versionCode" },
        PageSize = pageSize,
    };

    public static async Task<List<MetricRow>> ReadAllAsync(VitalsClient client, MetricQuery query, IVitalsTrace? trace = null,
        CancellationToken cancellationToken = default, bool prefetch = false)
    {
        trace ??= NullTrace.Instance;
        var plan = await client.PlanAsync(query, null, trace, cancellationToken);
        return await ReadAllAsync(client, plan, trace, cancellationToken, prefetch);
    }

    public static async Task<List<MetricRow>> ReadAllAsync(VitalsClient client, QueryPlan plan, IVitalsTrace? trace = null,
        CancellationToken cancellationToken = default, bool prefetch = false)
    {
        var rows = new List<MetricRow>();
        using var reader = client.OpenQuery(plan, trace ?? NullTrace.Instance, cancellationToken);
        while (await reader.ReadAsync() is { } page)
        {
            rows.AddRange(page.ReadRows());
            if (prefetch)
                reader.Prefetch();
        }
        return rows;
    }

    /// <summary>Rows as comparable text: time, then each value with its type, so 1 (long) and 1.0 (double) differ.</summary>
    public static List<string> Flatten(IEnumerable<MetricRow> rows) =>
        rows.Select(r => r.StartTime.ToString("O", CultureInfo.InvariantCulture) + "|" + string.Join("|", r.Values.Select(Describe))).ToList();

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => "s:" + s,
        long l => "l:" + l.ToString(CultureInfo.InvariantCulture),
        double d => "d:" + d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static IReadOnlyList<LogEntry> Queries(IReadOnlyList<LogEntry> log) => log.Where(e => e.Route == RouteKind.Query).ToList();

    public static IReadOnlyList<LogEntry> Tokens(IReadOnlyList<LogEntry> log) => log.Where(e => e.Route == RouteKind.Token).ToList();
}

/// <summary>Keeps every verbose and debug line, to prove what is (and is not) reported.</summary>
internal sealed class RecordingTrace : IVitalsTrace
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);

    public void Debug(string message) => _lines.Enqueue("DEBUG: " + message);
}

/// <summary>Sets the current culture (and UI culture) for a block, and restores it.</summary>
internal sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    public CultureScope(string name)
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        var culture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
