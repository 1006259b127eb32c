using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>
/// Why a query may have come back with no rows, from what the client already knows. Zero rows
/// stays a valid answer; these are warnings, at most one per cause.
/// </summary>
public static class EmptyAnswer
{
    /// <summary>
    /// The reasons: a window that starts after the latest data the freshness answer reports, and
    /// each filter value that is not among the values seen for its dimension (each said once per
    /// client).
    /// </summary>
    public static IReadOnlyList<string> Explain(QueryPlan plan, FreshnessInfo? freshness, SeenValues seen)
    {
        var reasons = new List<string>();
        if (freshness?.LatestFor(plan.Period) is { } latest)
        {
            var dataEnd = plan.Period == AggregationPeriod.Daily ? latest.AddDays(1) : latest.AddHours(1);
            if (plan.Start >= dataEnd)
                reasons.Add(Messages.NoRowsPastLatest(plan.PackageName, plan.MetricSet, plan.Period, plan.Start, latest));
        }
        foreach (var filter in plan.Filter)
        {
            if (seen.Of(plan.PackageName, filter.Key) is not { } known)
                continue;
            foreach (var value in filter.Value)
            {
                if (known.BinarySearch(value, StringComparer.Ordinal) < 0 && seen.FirstWarning(plan.PackageName, filter.Key, value))
                    reasons.Add(Messages.NoRowsFilterValueUnseen(plan.PackageName, filter.Key, value, known));
            }
        }
        return reasons;
    }
}
