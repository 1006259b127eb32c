using System;
using System.Linq;
using AmazonVitals.Client;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>The rules of the layering that a compiler would not catch by itself.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_client_never_references_PowerShell()
    {
        var references = typeof(VitalsClient).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain(references, n => n!.StartsWith("System.Management.Automation", StringComparison.Ordinal));
        Assert.DoesNotContain(references, n => n!.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_V1_is_a_wire_format_and_asking_for_another_fails_at_once()
    {
        var options = new VitalsClientOptions("layering", ClientHarness.Secure("s")) { ApiVersion = (VitalsApiVersion)2 };
        Assert.Throws<ArgumentOutOfRangeException>(() => VitalsClient.Create(options));
        Assert.Equal(VitalsApiVersion.V1, new VitalsClientOptions("layering", ClientHarness.Secure("s")).ApiVersion);
    }
}
