using System;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Health;
using AmazonVitals.Session;

namespace AmazonVitals.Infrastructure;

/// <summary>What one health check is asked for: its window, its issues and the policy it judges by.</summary>
internal sealed class HealthSettings
{
    public int Days { get; set; } = HealthWindow.DefaultDays;
    public int Top { get; set; } = HealthFetcher.DefaultTop;
    public HealthPolicy Policy { get; set; } = new();
}

/// <summary>
/// One health check of one package, shared by Get-VitalsHealth and Export-VitalsReport -PackageName:
/// the checks that need no server, the fetch (awaited by the calling cmdlet, so its verbose lines
/// and cancellation apply), then the judgement.
/// </summary>
internal static class HealthCheck
{
    public static (HealthReport Report, HealthData Data) Run(VitalsSession session, string package, HealthSettings settings,
        Func<Func<IVitalsTrace, CancellationToken, Task<HealthData>>, HealthData> await)
    {
        settings.Policy.Check(settings.Days);
        var data = await((trace, ct) => session.Client.FetchHealthAsync(package, settings.Days, settings.Top, settings.Policy, trace, ct));
        return (HealthEvaluator.Evaluate(data, settings.Policy), data);
    }
}
