using System.Management.Automation;
using AmazonVitals.Client.Report;

namespace AmazonVitals.Output;

/// <summary>
/// Sorts what reaches Export-VitalsReport. A <see cref="Health"/> object carries its judged report,
/// so nothing is read back from property names and nothing is asked of the server again; a
/// serialized copy (a job's, a remote session's, Import-Clixml's) is a bag of strings and numbers
/// that lost the daily series and issues, and is refused.
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
        if (input.BaseObject is Health)
            return Kind.Health;
        var names = input.TypeNames;
        if (names.Contains("Deserialized." + HealthShaper.TypeName))
            return Kind.Deserialized;
        return names.Contains(HealthSummaryShaper.TypeName) ? Kind.Summary : Kind.Other;
    }

    public static ReportPackage Read(PSObject health) => ReportPackage.From(((Health)health.BaseObject).Report);

    /// <summary>The package name of any input, for error targets.</summary>
    public static string? PackageOf(PSObject input) => input.Properties["PackageName"]?.Value?.ToString();
}
