using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmazonVitals.Client.Health;
using AmazonVitals.Client.Report;

namespace AmazonVitals.Output;

/// <summary>
/// Reads an AmazonVitals.Health object back into what the report draws. The object keeps the
/// client's own objects (measures, series, issues), so nothing is asked of the server again; a
/// serialized copy (a job's, a remote session's, Import-Clixml's) has lost them and is refused.
/// </summary>
internal static class ReportInput
{
    /// <summary>What an input is: a health object, a summary row, a serialized health object, or anything else.</summary>
    public enum Kind
    {
        Health,
        Summary,
        Deserialized,
        Other,
    }

    public static Kind KindOf(PSObject input)
    {
        var names = input.TypeNames;
        if (names.Contains(HealthShaper.TypeName))
            return input.Properties["Series"]?.Value is not null && Measures(input).Count > 0 ? Kind.Health : Kind.Deserialized;
        if (names.Contains("Deserialized." + HealthShaper.TypeName))
            return Kind.Deserialized;
        return names.Contains(HealthSummaryShaper.TypeName) ? Kind.Summary : Kind.Other;
    }

    public static ReportPackage Read(PSObject health) => new()
    {
        PackageName = Value<string>(health, "PackageName") ?? "",
        Healthy = Value<bool>(health, "Healthy"),
        Stale = Value<bool>(health, "Stale"),
        Reasons = Items<string>(health, "Reasons"),
        Warnings = Items<string>(health, "Warnings"),
        LatestDaily = Value<DateTime>(health, "LatestDaily"),
        WindowStart = Value<DateTime>(health, "WindowStart"),
        WindowEnd = Value<DateTime>(health, "WindowEnd"),
        BaselineStart = Value<DateTime>(health, "BaselineStart"),
        ProvisionalDays = Value<int>(health, "ProvisionalDays"),
        Confidence = Value<double?>(health, "Confidence") ?? HealthPolicy.DefaultConfidence,
        MinChange = Value<double?>(health, "MinChange") ?? HealthPolicy.DefaultMinChange,
        MinDevices = Value<long?>(health, "MinDevices") ?? HealthPolicy.DefaultMinDevices,
        Measures = Measures(health),
        Series = Items<HealthSeries>(health, "Series"),
        CrashIssues = Items<IssueChange>(health, "CrashIssues"),
        AnrIssues = Items<IssueChange>(health, "AnrIssues"),
    };

    /// <summary>The package name of any input, for error targets.</summary>
    public static string? PackageOf(PSObject input) => input.Properties["PackageName"]?.Value?.ToString();

    private static IReadOnlyList<MeasureHealth> Measures(PSObject health) =>
        new[] { "Crash", "Anr", "Lmk" }.Select(name => Unwrap(health.Properties[name]?.Value) as MeasureHealth).Where(m => m is not null).ToList()!;

    private static T? Value<T>(PSObject obj, string name) => LanguagePrimitives.TryConvertTo<T>(Unwrap(obj.Properties[name]?.Value), out var value) ? value : default;

    private static IReadOnlyList<T> Items<T>(PSObject obj, string name)
    {
        var value = Unwrap(obj.Properties[name]?.Value);
        if (value is T single)
            return new[] { single };
        return value is IEnumerable items && value is not string ? items.Cast<object?>().Select(Unwrap).OfType<T>().ToList() : new List<T>();
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
