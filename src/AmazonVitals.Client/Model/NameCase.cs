using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Diagnostics;

namespace AmazonVitals.Client.Model;

/// <summary>
/// Forgiving names: the API's names are case-sensitive, so a metric set, metric or dimension
/// that matches a known name apart from its case is sent with the known case, and the verbose
/// stream says so. Known names are the built-in lists (<see cref="KnownMetricSets"/>) and the
/// server's freshness answer when one is at hand; a name neither knows is sent as given, so sets
/// and metrics Amazon adds later still reach the server.
/// </summary>
public static class NameCase
{
    /// <summary>The known name <paramref name="given"/> means, or <paramref name="given"/> itself.</summary>
    public static string Match(string given, IEnumerable<string> known)
    {
        string? found = null;
        foreach (var name in known)
        {
            if (string.Equals(name, given, StringComparison.Ordinal))
                return given;
            if (string.Equals(name, given, StringComparison.OrdinalIgnoreCase))
            {
                // Two known names that differ only in case: the given one cannot be placed.
                if (found is not null && !string.Equals(found, name, StringComparison.Ordinal))
                    return given;
                found = name;
            }
        }
        return found ?? given;
    }

    /// <summary>The metric set as it is known, with a verbose line when its case was changed.</summary>
    public static string MetricSet(string given, IVitalsTrace trace) =>
        Fix(given, KnownMetricSets.All, "-MetricSet", trace);

    /// <summary>A rate query with its metric and dimension names in their known case.</summary>
    public static MetricQuery Fix(MetricQuery query, FreshnessInfo? freshness, IVitalsTrace trace)
    {
        var metrics = Fix(query.Metrics, Known(freshness?.Metrics, KnownMetricSets.MetricsOf(query.MetricSet)), "-Metric", trace);
        var knownDimensions = Known(freshness?.Dimensions, KnownMetricSets.Dimensions);
        var dimensions = Fix(query.Dimensions, knownDimensions, "-Dimension", trace);
        var filter = FixKeys(query.Filter, knownDimensions, trace);
        return ReferenceEquals(metrics, query.Metrics) && ReferenceEquals(dimensions, query.Dimensions) && ReferenceEquals(filter, query.Filter)
            ? query
            : query.With(metrics: metrics, dimensions: dimensions, filter: filter);
    }

    /// <summary>An issues query with its dimension names in their known case.</summary>
    public static IssueQuery Fix(IssueQuery query, FreshnessInfo? freshness, IVitalsTrace trace)
    {
        var knownDimensions = Known(freshness?.Dimensions, KnownMetricSets.Dimensions);
        var dimensions = Fix(query.Dimensions, knownDimensions, "-Dimension", trace);
        var filter = FixKeys(query.Filter, knownDimensions, trace);
        return ReferenceEquals(dimensions, query.Dimensions) && ReferenceEquals(filter, query.Filter) ? query : query.With(dimensions, filter);
    }

    /// <summary>A filter with its dimension names (the keys) in their known case; its values are data, and stay as given.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> FixKeys(IReadOnlyDictionary<string, IReadOnlyList<string>> filter, IReadOnlyList<string> known, IVitalsTrace trace)
    {
        Dictionary<string, IReadOnlyList<string>>? fixedFilter = null;
        foreach (var entry in filter)
        {
            var name = Fix(entry.Key, known, "-Filter", trace);
            if (!ReferenceEquals(name, entry.Key))
                fixedFilter ??= new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        }
        if (fixedFilter is null)
            return filter;
        foreach (var entry in filter)
            fixedFilter[Match(entry.Key, known)] = entry.Value;
        return fixedFilter;
    }

    // The server's names first: where it spells a name differently from the built-in list, it wins.
    private static IReadOnlyList<string> Known(IReadOnlyList<string>? server, IReadOnlyList<string> builtIn) =>
        server is { Count: > 0 } ? server.Concat(builtIn.Where(b => !server.Contains(b, StringComparer.OrdinalIgnoreCase))).ToList() : builtIn;

    private static IReadOnlyList<string> Fix(IReadOnlyList<string> names, IReadOnlyList<string> known, string parameter, IVitalsTrace trace)
    {
        string[]? fixedNames = null;
        for (var i = 0; i < names.Count; i++)
        {
            var name = Fix(names[i], known, parameter, trace);
            if (ReferenceEquals(name, names[i]))
                continue;
            fixedNames ??= names.ToArray();
            fixedNames[i] = name;
        }
        return fixedNames ?? names;
    }

    private static string Fix(string given, IReadOnlyList<string> known, string parameter, IVitalsTrace trace)
    {
        var name = Match(given, known);
        if (ReferenceEquals(name, given))
            return given;
        trace.Verbose(Messages.NameCaseFixed(parameter, given, name));
        return name;
    }
}
