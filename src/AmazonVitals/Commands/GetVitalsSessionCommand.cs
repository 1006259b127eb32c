using System.Management.Automation;
using AmazonVitals.Infrastructure;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>Get-VitalsSession: the module's default session, or nothing when not connected.</summary>
[Cmdlet(VerbsCommon.Get, "VitalsSession")]
[OutputType(typeof(VitalsSession))]
public sealed class GetVitalsSessionCommand : VitalsCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // Nothing rather than an error, so scripts can write: if (-not (Get-VitalsSession)) { Connect-Vitals }
        if (SessionStore.Default is { } session)
            WriteObject(session);
    }
}
