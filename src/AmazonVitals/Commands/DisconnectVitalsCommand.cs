using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Infrastructure;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>Disconnect-Vitals: forgets the token and the secret of a session (the default one unless -Session is given).</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Vitals")]
[OutputType(typeof(void))]
public sealed class DisconnectVitalsCommand : VitalsCmdlet
{
    /// <summary>The session to disconnect. Default: the module's default session.</summary>
    [Parameter(ValueFromPipeline = true)]
    public VitalsSession? Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = Session ?? SessionStore.Default;
        if (session is null)
        {
            WriteVerbose(Messages.NothingToDisconnect());
            return;
        }
        SessionStore.ClearIf(session);
        session.Disconnect();
        WriteVerbose(Messages.Disconnected(session));
    }
}
