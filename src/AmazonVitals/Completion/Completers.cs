using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Model;
using AmazonVitals.Session;

namespace AmazonVitals.Completion;

/// <summary>Shared matching for the completers: case-insensitive prefix, quoted when needed.</summary>
internal static class Completions
{
    public static IEnumerable<CompletionResult> Match(IEnumerable<string> candidates, string wordToComplete) =>
        candidates
            .Where(c => c.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Select(c => new CompletionResult(Quote(c), c, CompletionResultType.ParameterValue, c));

    /// <summary>The session a command line will use: its -Session, else the default.</summary>
    public static VitalsSession? SessionOf(IDictionary bound) =>
        (bound["Session"] is PSObject p ? p.BaseObject : bound["Session"]) as VitalsSession ?? SessionStore.Default;

    /// <summary>
    /// The bound package and set's freshness metadata: cached per session, fetched once with a short
    /// deadline when connected, and null when neither works (the known lists then serve).
    /// </summary>
    public static FreshnessInfo? Metadata(IDictionary bound)
    {
        var session = SessionOf(bound);
        var set = bound["MetricSet"] as string;
        var package = bound["PackageName"] as string ?? session?.PackageName;
        if (session is null || session.IsDisconnected || string.IsNullOrEmpty(set) || string.IsNullOrEmpty(package))
            return null;
        if (session.Client.CachedFreshness(package!, set!) is { } cached)
            return cached;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            return session.Client.GetFreshnessAsync(package!, set!, NullTrace.Instance, deadline.Token).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            return null; // Completion must never throw at the user.
        }
    }

    private static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`' }) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
}

/// <summary>Completes -MetricSet with the known V1 sets.</summary>
public sealed class MetricSetCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Match(KnownMetricSets.All, wordToComplete);
}

/// <summary>Completes a rate query's -MetricSet with the known V1 rate sets (issues have Get-VitalsIssue).</summary>
public sealed class RateMetricSetCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Match(KnownMetricSets.RateSets, wordToComplete);
}

/// <summary>Completes -Metric from the freshness metadata of the bound package and set, else the known list.</summary>
public sealed class MetricCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var set = fakeBoundParameters["MetricSet"] as string ?? KnownMetricSets.Crash;
        IEnumerable<string> metrics = Completions.Metadata(fakeBoundParameters)?.Metrics ?? KnownMetricSets.MetricsOf(set);
        // Hourly rows have no 7-day or 28-day metrics: offering them would only lead to DailyOnlyMetric.
        if (string.Equals(fakeBoundParameters["AggregationPeriod"]?.ToString(), nameof(AggregationPeriod.Hourly), StringComparison.OrdinalIgnoreCase))
            metrics = metrics.Where(m => !KnownMetricSets.IsDailyOnly(m));
        return Completions.Match(metrics, wordToComplete);
    }
}

/// <summary>Completes -Dimension from the freshness metadata, else the known list.</summary>
public sealed class DimensionCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var dimensions = Completions.Metadata(fakeBoundParameters)?.Dimensions ?? KnownMetricSets.Dimensions;
        return Completions.Match(dimensions, wordToComplete);
    }
}

/// <summary>Completes -PackageName with the session's default and the packages used in this session.</summary>
public sealed class PackageNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = Completions.SessionOf(fakeBoundParameters);
        if (session is null)
            return Enumerable.Empty<CompletionResult>();
        var packages = new List<string>();
        if (!string.IsNullOrEmpty(session.PackageName))
            packages.Add(session.PackageName!);
        packages.AddRange(session.PackagesUsed);
        return Completions.Match(packages, wordToComplete);
    }
}
