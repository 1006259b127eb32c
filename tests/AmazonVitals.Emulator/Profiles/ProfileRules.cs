using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Emulator.Data;

namespace AmazonVitals.Emulator.Profiles;

/// <summary>What a profile serves: every place the two profiles differ asks this, not the profile name.</summary>
public sealed class ProfileRules
{
    private ProfileRules(EmulatorProfile profile, string name, IReadOnlyList<MetricSetInfo> metricSets)
    {
        Profile = profile;
        Name = name;
        MetricSets = metricSets;
    }

    public static ProfileRules Inferred { get; } = new(EmulatorProfile.Inferred, "inferred", Catalog.MetricSets);

    public static ProfileRules Strict { get; } = new(EmulatorProfile.Strict, "strict", Catalog.ReferenceMetricSets);

    /// <summary>The names <c>--profile</c> takes, in the order the usage lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Inferred.Name, Strict.Name];

    public EmulatorProfile Profile { get; }

    /// <summary>The command-line and config spelling: <c>inferred</c> or <c>strict</c>.</summary>
    public string Name { get; }

    /// <summary>The metric sets and the metrics each lists (freshness, validation and default metrics alike).</summary>
    public IReadOnlyList<MetricSetInfo> MetricSets { get; }

    /// <summary>An <c>x-amzn-RequestId</c> header on every answer: our guess; the reference documents no header.</summary>
    public bool SendsRequestIdHeader => Profile == EmulatorProfile.Inferred;

    /// <summary>
    /// <c>requestId</c> in error and freshness bodies too. The reference shows it only on query pages,
    /// so strict leaves it there alone, and its errors are exactly <c>{code, message, status}</c>.
    /// </summary>
    public bool RequestIdInEveryBody => Profile == EmulatorProfile.Inferred;

    /// <summary>
    /// <c>Retry-After: 1</c> on the rate limit's 429: our guess; the reference only says to back off
    /// exponentially, and api-notes to honour the header "when present".
    /// </summary>
    public bool SendsRetryAfter => Profile == EmulatorProfile.Inferred;

    /// <summary>Fields no client knows (see <see cref="UnknownFields"/>): a reader must skip what it does not know.</summary>
    public bool WritesUnknownFields => Profile == EmulatorProfile.Strict;

    public static ProfileRules For(EmulatorProfile profile) => profile == EmulatorProfile.Strict ? Strict : Inferred;

    /// <summary>The profile a <c>--profile</c> value names (any case); false for anything else.</summary>
    public static bool TryParse(string text, out EmulatorProfile profile)
    {
        var match = new[] { Inferred, Strict }.FirstOrDefault(r => string.Equals(r.Name, text, StringComparison.OrdinalIgnoreCase));
        profile = match?.Profile ?? EmulatorProfile.Inferred;
        return match != null;
    }

    public MetricSetInfo? FindMetricSet(string name) =>
        MetricSets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
