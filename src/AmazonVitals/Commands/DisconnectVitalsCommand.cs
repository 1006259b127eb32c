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
        // A $null session (a mistyped variable, or $null piped in) must not disconnect the default one.
        if (Session is null && MyInvocation.BoundParameters.ContainsKey(nameof(Session)))
        {
            var record = ErrorRecords.SessionIsNull();
            if (!MyInvocation.ExpectingInput)
                ThrowTerminatingError(record);
            WriteError(record);
            return;
        }
        var session = Session ?? SessionStore.Default;
        if (session is null)
        {
            WriteVerbose(Messages.NothingToDisconnect());
            return;
        }
        var wasConnected = session.IsConnected;
        SessionStore.ClearIf(session);
        session.Disconnect();
        WriteVerbose(wasConnected ? Messages.Disconnected(session) : Messages.AlreadyDisconnected(session));
    }
}
