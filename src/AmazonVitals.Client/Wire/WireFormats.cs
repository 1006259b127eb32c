using System;
using AmazonVitals.Client.Wire.V1;

namespace AmazonVitals.Client.Wire;

/// <summary>The one place a wire format is chosen: V2 adds a case here and a folder beside Wire/V1.</summary>
internal static class WireFormats
{
    public static IWireFormat For(VitalsApiVersion version, Uri baseUri) => version switch
    {
        VitalsApiVersion.V1 => new V1WireFormat(baseUri),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Only V1 of the Vitals API is implemented."),
    };
}
