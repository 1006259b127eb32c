using System;
using Xunit;

namespace AmazonVitals.Tests.Module;

/// <summary>The import-time version gate (src/AmazonVitals/Compatibility.cs): 5.1, or 7.4 and later.</summary>
public sealed class CompatibilityTests
{
    [Theory]
    [InlineData("7.3.12.0", "7.3.12")]
    [InlineData("7.0.0.0", "7.0.0")]
    [InlineData("7.2.24.500", "7.2.24")]
    public void PowerShell_7_before_7_4_is_refused_naming_7_4_and_the_version_found(string version, string shown)
    {
        var refusal = Compatibility.Refusal(isCore: true, new Version(version));

        Assert.NotNull(refusal);
        Assert.Contains("PowerShell 7.4 or later", refusal, StringComparison.Ordinal);
        Assert.Contains("this is PowerShell " + shown + ".", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7.4.0.0")]
    [InlineData("7.4.6.500")]
    [InlineData("7.6.0.0")]
    [InlineData("8.0.0.0")]
    public void PowerShell_7_4_and_later_is_accepted(string version) =>
        Assert.Null(Compatibility.Refusal(isCore: true, new Version(version)));

    [Theory]
    [InlineData("5.1.0.0")]
    // Windows PowerShell's System.Management.Automation says 3.0.0.0: the edition decides, not the number.
    [InlineData("3.0.0.0")]
    public void Windows_PowerShell_is_accepted(string version) =>
        Assert.Null(Compatibility.Refusal(isCore: false, new Version(version)));
}
