using System;
using AmazonVitals.Emulator.Control;

namespace AmazonVitals.Emulator.Http;

/// <summary>
/// Where a request path points, and for API routes which <see cref="ApiVersion"/> it speaks (only V1
/// exists). Parsed by hand: "{metricSet}:query" is awkward for route templates.
/// </summary>
public readonly record struct RouteMatch(RouteKind Kind, string? Package, string? MetricSet, bool MethodAllowed, ApiVersion Version = ApiVersion.V1)
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

        // A V2 emulator would add its own prefix (/api/appstore/v2/applications/) and path shape here.
        if (path.StartsWith(AppsPrefix, StringComparison.Ordinal) && V1(method, path[AppsPrefix.Length..]) is { } v1)
        {
            return v1;
        }

        return new RouteMatch(RouteKind.Other, null, null, true);
    }

    /// <summary>V1 paths after the prefix: "{package}/{metricSet}" is freshness (GET), "{package}/{metricSet}:query" a query (POST).</summary>
    private static RouteMatch? V1(string method, string rest)
    {
        var parts = rest.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return null;
        }

        return parts[1].EndsWith(QuerySuffix, StringComparison.Ordinal)
            ? new RouteMatch(RouteKind.Query, parts[0], parts[1][..^QuerySuffix.Length], string.Equals(method, "POST", StringComparison.Ordinal), ApiVersion.V1)
            : new RouteMatch(RouteKind.Freshness, parts[0], parts[1], string.Equals(method, "GET", StringComparison.Ordinal), ApiVersion.V1);
    }
}
