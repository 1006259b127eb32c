using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AmazonVitals.Emulator;
using Xunit;

namespace AmazonVitals.Tests.Emulator;

/// <summary>The emulator as a process: what the Pester tests and the demo use.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Prints_only_the_ready_line_and_serves()
    {
        using var process = Start("--port", "0", "--now", "2026-04-26T16:30:00Z", "--rate-limit", "0", "--parent-pid", Environment.ProcessId.ToString());
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var match = Regex.Match(line ?? "", @"^Vitals emulator listening on http://127\.0\.0\.1:(\d+)$");
            Assert.True(match.Success, $"ready line was '{line}'");

            using var http = new HttpClient();
            var root = new Uri($"http://127.0.0.1:{match.Groups[1].Value}/");
            using var config = await http.GetAsync(new Uri(root, "_emulator/config"));
            Assert.Contains("2026-04-26T16:30:00Z", await config.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var freshness = await http.GetAsync(new Uri(root, "api/appstore/vitals/apps/com.example.tvapp/crashMetricSet"));
            Assert.Equal(403, (int)freshness.StatusCode);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task Profile_strict_serves_without_a_request_id_header()
    {
        using var process = Start("--port", "0", "--profile", "strict", "--parent-pid", Environment.ProcessId.ToString());
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var root = new Uri(Regex.Match(line ?? "", @"http://\S+").Value + "/");
            using var http = new HttpClient();
            using var config = await http.GetAsync(new Uri(root, "_emulator/config"));
            Assert.Contains("\"profile\":\"strict\"", await config.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var freshness = await http.GetAsync(new Uri(root, "api/appstore/vitals/apps/com.example.tvapp/crashMetricSet"));
            Assert.Equal(403, (int)freshness.StatusCode);
            Assert.False(freshness.Headers.Contains("x-amzn-RequestId"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Unknown_profile_exits_2()
    {
        using var process = Start("--profile", "lenient");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--profile needs one of: inferred, strict", await process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_when_the_parent_is_gone()
    {
        using var parent = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        await parent.WaitForExitAsync();
        using var process = Start("--parent-pid", parent.Id.ToString());
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Unknown_option_exits_2()
    {
        using var process = Start("--bogus");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Unknown option --bogus", await process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(EmulatorDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    /// <summary>The emulator assembly next to the tests (its runtimeconfig comes along with the project reference).</summary>
    private static string EmulatorDll()
    {
        var dll = typeof(EmulatorHost).Assembly.Location;
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), $"no runtimeconfig beside {dll}");
        return dll;
    }
}
