using System;

namespace AmazonVitals;

/// <summary>
/// Which PowerShell can run the module: Windows PowerShell 5.1 (the Desktop client, netstandard2.0)
/// or PowerShell 7.4 and later (the Core client, net8.0: 7.4 is the first on .NET 8). PowerShell
/// 7.0 to 7.3 run on .NET Core 3.1, 5, 6 and 7; they would import the module and then fail to load
/// the client at the first command, so they are refused at import instead. The manifest's
/// PowerShellVersion cannot say "5.1, or 7.4 and later", hence this check.
/// </summary>
/// <remarks>
/// Dependency-free on purpose, and its message is here rather than in the client's Messages: on
/// the PowerShell it refuses, the client is exactly what cannot be loaded. The test project
/// compiles this file too (it references the client only).
/// </remarks>
internal static class Compatibility
{
    /// <summary>The first PowerShell 7 on .NET 8, which the Core client targets.</summary>
    public static readonly Version MinimumCore = new(7, 4);

    /// <summary>
    /// Null when this PowerShell can run the module, else why not. <paramref name="psVersion"/> is
    /// PowerShell's version (on PowerShell 7, System.Management.Automation's assembly version);
    /// on Windows PowerShell (<paramref name="isCore"/> false) it is not looked at.
    /// </summary>
    public static string? Refusal(bool isCore, Version psVersion)
    {
        if (!isCore || psVersion >= MinimumCore)
            return null;
        return string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "AmazonVitals needs PowerShell {0} or later (or Windows PowerShell 5.1); this is PowerShell {1}. PowerShell 7.0 to 7.3 run on a .NET older than .NET 8, which AmazonVitals is built for. Install PowerShell {0} or later and import the module there.",
            MinimumCore.ToString(2), psVersion.ToString(3));
    }
}
