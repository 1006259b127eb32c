using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Emulator.Control;
using AmazonVitals.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmazonVitals.Emulator;

/// <summary>
/// A running emulator on 127.0.0.1. Tests start one per class (port 0) and talk to it over real HTTP:
/// <c>await using var emu = await EmulatorHost.StartAsync(new EmulatorOptions { RateLimit = 0 });</c>
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private EmulatorHost(WebApplication app, EmulatorState state, int port)
    {
        _app = app;
        State = state;
        Port = port;
        RootUri = new Uri($"http://127.0.0.1:{port}/");
        BaseUri = new Uri(RootUri, "api/appstore");
        TokenUri = new Uri(RootUri, "auth/o2/token");
        ControlUri = new Uri(RootUri, "_emulator/");
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri RootUri { get; }

    /// <summary>http://127.0.0.1:PORT/api/appstore (no trailing slash, like Amazon's base URL).</summary>
    public Uri BaseUri { get; }

    /// <summary>http://127.0.0.1:PORT/auth/o2/token</summary>
    public Uri TokenUri { get; }

    /// <summary>http://127.0.0.1:PORT/_emulator/</summary>
    public Uri ControlUri { get; }

    /// <summary>The live state, for in-process tests that prefer not to go through /_emulator/.</summary>
    public EmulatorState State { get; }

    public static Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new EmulatorOptions(), console: false, cancellationToken);

    internal static async Task<EmulatorHost> StartAsync(EmulatorOptions options, bool console, CancellationToken cancellationToken)
    {
        var startup = options.Clone();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Standard output belongs to the ready line; anything worth saying goes to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        // A failed start (port taken) is reported once, by Program, not as a multi-kilobyte host log line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (!console)
        {
            // In-process hosts must not take over the test runner's Ctrl+C.
            builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        }
        else
        {
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        }

        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, startup.Port);
        });

        var app = builder.Build();
        var state = new EmulatorState(startup);
        var vitals = new VitalsApp(state);
        app.Run(vitals.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address");
        return new EmulatorHost(app, state, new Uri(address).Port);
    }

    /// <summary>Same as POST /_emulator/reset.</summary>
    public void Reset() => State.Reset();

    /// <summary>Same as GET /_emulator/log (control requests left out).</summary>
    public IReadOnlyList<LogEntry> GetLog() => State.Log.Snapshot(includeControl: false);

    /// <summary>Completes when the host stops (Ctrl+C, SIGTERM or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            State.Queries.Clear();
        }
    }

    /// <summary>A host lifetime that ignores console signals.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
