using System;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Health;
using AmazonVitals.Client.History;
using AmazonVitals.Session;

namespace AmazonVitals.Infrastructure;

/// <summary>What one health check is asked for: its window, its issues and the policy it judges by.</summary>
internal sealed class HealthSettings
{
    public int Days { get; set; } = HealthWindow.DefaultDays;
    public int Top { get; set; } = HealthFetcher.DefaultTop;
    public HealthPolicy Policy { get; set; } = new();
    /// <summary>A history folder whose stored dates extend each measure's trend (Get-VitalsHealth -HistoryPath), or null.</summary>
    public string? HistoryPath { get; set; }
}

/// <summary>
/// One health check of one package, shared by Get-VitalsHealth and Export-VitalsReport -PackageName:
/// the checks that need no server, the fetch (awaited by the calling cmdlet, so its verbose lines
/// and cancellation apply), then the judgement.
/// </summary>
internal static class HealthCheck
{
    // The await delegate returns HealthData; the history read hands the data back so one delegate serves both steps.
    private static async Task<HealthData> ExtendAsync(HealthReport report, string history, HealthData data, IVitalsTrace trace, CancellationToken ct)
    {
        await HealthHistory.ExtendAsync(report, history, trace, ct).ConfigureAwait(false);
        return data;
    }

    public static (HealthReport Report, HealthData Data) Run(VitalsSession session, string package, HealthSettings settings,
        Func<Func<IVitalsTrace, CancellationToken, Task<HealthData>>, HealthData> await)
    {
        settings.Policy.Check(settings.Days);
        var data = await((trace, ct) => session.Client.FetchHealthAsync(package, settings.Days, settings.Top, settings.Policy, trace, ct));
        var report = HealthEvaluator.Evaluate(data, settings.Policy);
        if (settings.HistoryPath is { } history)
            await((trace, ct) => ExtendAsync(report, history, data, trace, ct));
        return (report, data);
    }
}
