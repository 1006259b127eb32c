using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Emulator.Profiles;

namespace AmazonVitals.Emulator;

/// <summary>Command line: start the emulator, print the ready line, run until killed or the parent exits.</summary>
public static class Program
{
    private const string Usage = """
        Usage: AmazonVitals.Emulator [--port N] [--rate-limit N] [--token-lifetime S]
                                     [--client-id ID] [--client-secret S] [--now ISO] [--parent-pid PID]
                                     [--profile inferred|strict]
        """;

    public static async Task<int> Main(string[] args)
    {
        EmulatorOptions options;
        int? parentPid;
        try
        {
            (options, parentPid) = Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(options, console: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (System.IO.IOException e)
        {
            // Port taken, typically: one clear line instead of an unhandled-exception abort.
            await Console.Error.WriteLineAsync($"Vitals emulator could not start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using var hostScope = host.ConfigureAwait(false);
        using var stop = new CancellationTokenSource();
        if (parentPid is { } pid)
        {
            _ = WatchParentAsync(pid, host);
        }

        // The only line on standard output: scripts wait for it, then parse the port out of it.
        Console.Out.WriteLine($"Vitals emulator listening on http://127.0.0.1:{host.Port}");
        Console.Out.Flush();
        await host.WaitForShutdownAsync(stop.Token).ConfigureAwait(false);
        return 0;
    }

    private static async Task WatchParentAsync(int pid, EmulatorHost host)
    {
        try
        {
            using var parent = Process.GetProcessById(pid);
            await parent.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Not a process we can watch: treat as gone rather than outlive it.
        }

        await host.StopAsync().ConfigureAwait(false);
    }

    internal static (EmulatorOptions Options, int? ParentPid) Parse(string[] args)
    {
        var options = new EmulatorOptions();
        int? parentPid = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new FormatException($"{name} needs a non-negative integer");

            switch (name)
            {
                case "--port":
                    options.Port = Int();
                    break;
                case "--rate-limit":
                    options.RateLimit = Int();
                    break;
                case "--token-lifetime":
                    options.TokenLifetimeSeconds = Int();
                    break;
                case "--client-id":
                    options.ClientId = Value();
                    break;
                case "--client-secret":
                    options.ClientSecret = Value();
                    break;
                case "--now":
                    options.Now = DateTimeOffset.TryParse(Value(), CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var now)
                        ? now
                        : throw new FormatException("--now needs an ISO 8601 date-time, e.g. 2026-04-26T16:30:00Z");
                    break;
                case "--parent-pid":
                    parentPid = Int();
                    break;
                case "--profile":
                    options.Profile = ProfileRules.TryParse(Value(), out var profile)
                        ? profile
                        : throw new FormatException($"--profile needs one of: {string.Join(", ", ProfileRules.Names)}");
                    break;
                case "-h" or "--help":
                    throw new FormatException("Vitals API emulator");
                default:
                    throw new FormatException($"Unknown option {name}");
            }
        }

        return (options, parentPid);
    }
}
