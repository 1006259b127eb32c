using System;
using AmazonVitals.Emulator.Control;

namespace AmazonVitals.Emulator.Http;

/// <summary>Where a request path points. Parsed by hand: "{metricSet}:query" is awkward for route templates.</summary>
public readonly record struct RouteMatch(RouteKind Kind, string? Package, string? MetricSet, bool MethodAllowed)
{
    public const string TokenPath = "/auth/o2/token";
    public const string AppsPrefix = "/api/appstore/vitals/apps/";
    private const string QuerySuffix = ":query";

    public static RouteMatch Of(string method, string path)
    {
        if (path.StartsWith(ControlEndpoints.Prefix, StringComparison.Ordinal))
        {
            return new RouteMatch(RouteKind.Control, null, null, true);
        }

        if (string.Equals(path, TokenPath, StringComparison.Ordinal))
        {
            return new RouteMatch(RouteKind.Token, null, null, string.Equals(method, "POST", StringComparison.Ordinal));
        }

        if (path.StartsWith(AppsPrefix, StringComparison.Ordinal))
        {
            var parts = path[AppsPrefix.Length..].Split('/');
            if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
            {
                if (parts[1].EndsWith(QuerySuffix, StringComparison.Ordinal))
                {
                    return new RouteMatch(RouteKind.Query, parts[0], parts[1][..^QuerySuffix.Length], string.Equals(method, "POST", StringComparison.Ordinal));
                }

                return new RouteMatch(RouteKind.Freshness, parts[0], parts[1], string.Equals(method, "GET", StringComparison.Ordinal));
            }
        }

        return new RouteMatch(RouteKind.Other, null, null, true);
    }
}
