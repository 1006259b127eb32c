using System;
using System.Management.Automation;
using System.Security;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Infrastructure;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Connect-Vitals: checks the credentials by fetching a token at once, then keeps them in
/// module state so the data cmdlets need nothing more.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Vitals", DefaultParameterSetName = EnvironmentSet)]
[OutputType(typeof(VitalsSession))]
public sealed class ConnectVitalsCommand : VitalsCmdlet
{
    private const string SecretSet = "ClientSecret";
    private const string CredentialSet = "Credential";
    private const string EnvironmentSet = "Environment";
    internal const string ClientIdVariable = "AMAZON_VITALS_CLIENT_ID";
    internal const string ClientSecretVariable = "AMAZON_VITALS_CLIENT_SECRET";

    /// <summary>The client id of the security profile. Goes with -ClientSecret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet, Position = 0)]
    [AllowEmptyString]
    public string ClientId { get; set; } = "";

    /// <summary>The client secret of the security profile, as a SecureString (Read-Host -AsSecureString).</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet, Position = 1)]
    public SecureString ClientSecret { get; set; } = new();

    /// <summary>The client id as user name and the client secret as password (Get-Credential, or an Automation credential asset).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential Credential { get; set; } = PSCredential.Empty;

    /// <summary>The default package for the data cmdlets, so -PackageName can be left out.</summary>
    [Parameter]
    public string? PackageName { get; set; }

    /// <summary>The Vitals API base URI. Default: https://developer.amazon.com/api/appstore.</summary>
    [Parameter]
    public string BaseUri { get; set; } = VitalsClientOptions.DefaultBaseUri.AbsoluteUri;

    /// <summary>The Login with Amazon token URI. Default: https://api.amazon.com/auth/o2/token; for a loopback http -BaseUri (the emulator), /auth/o2/token on the same host and port.</summary>
    [Parameter]
    public string TokenUri { get; set; } = VitalsClientOptions.DefaultTokenUri.AbsoluteUri;

    /// <summary>Requests per rolling second, shared by every session of this client id in the process. Default: 3, the API's limit.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int RequestsPerSecond { get; set; } = 3;

    /// <summary>How many times a transient failure (429, 5xx, dropped connection, timeout, broken body) is retried. Default: 3.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; } = 3;

    /// <summary>The longest one wait between retries may be, in seconds, even when the server's Retry-After asks for more. Default: 60.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int MaxRetryDelaySec { get; set; } = 60;

    /// <summary>Deadline of one call (one page), retries and waits included, in seconds. Default: 300.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 300;

    /// <summary>Write the session, to hold several and pass one with -Session. It becomes the default only if there is none yet.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var options = BuildOptions();
        VitalsClient client;
        var connected = false;
        try
        {
            client = VitalsClient.Create(options);
            Await(async (trace, ct) => { await client.ConnectAsync(trace, ct).ConfigureAwait(false); return true; });
            connected = true;
        }
        catch (VitalsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, e is VitalsValidationException ? null : options.ClientId));
            return;
        }
        finally
        {
            // Failed or stopped (Ctrl+C): the copy of the secret goes now, not at the next GC.
            if (!connected)
                options.ClientSecret.Dispose();
        }
        var session = new VitalsSession(client, PackageName);
        // A plain connect replaces the default. A -PassThru connect is for holding several
        // sessions side by side, so it leaves an existing default alone (and becomes the default
        // only when there is none). A replaced default is not disconnected: a holder may still use it.
        if (!PassThru)
            SessionStore.Replace(session);
        else
            SessionStore.SetIfNone(session);
        WriteVerbose(Messages.Connected(options.ClientId, options.BaseUri));
        if (PassThru)
            WriteObject(session);
    }

    private VitalsClientOptions BuildOptions()
    {
        // URIs first: a bad one must not leave a copied secret behind.
        var baseUri = ParseUri(BaseUri, "-BaseUri");
        var tokenUri = MyInvocation.BoundParameters.ContainsKey(nameof(TokenUri)) ? ParseUri(TokenUri, "-TokenUri") : DefaultTokenUri(baseUri);
        var (clientId, secret) = Credentials();
        return new VitalsClientOptions(clientId, secret)
        {
            BaseUri = baseUri,
            TokenUri = tokenUri,
            RequestsPerSecond = RequestsPerSecond,
            MaxRetryCount = MaxRetryCount,
            RetryAfterCap = TimeSpan.FromSeconds(MaxRetryDelaySec),
            TotalTimeout = TimeSpan.FromSeconds(TimeoutSec),
        };
    }

    // The SecureString is copied so that Disconnect-Vitals can dispose it without touching the caller's.
    private (string ClientId, SecureString Secret) Credentials()
    {
        switch (ParameterSetName)
        {
            case SecretSet:
                return (ClientId, ClientSecret.Copy());
            case CredentialSet:
                return (Credential.UserName, Credential.Password.Copy());
            default:
                var id = Environment.GetEnvironmentVariable(ClientIdVariable);
                var plain = Environment.GetEnvironmentVariable(ClientSecretVariable);
                if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(plain))
                    ThrowTerminatingError(ErrorRecords.Create("NoCredentials", ErrorCategory.AuthenticationError, null, Messages.NoCredentials()));
                return (id ?? "", ToSecureString(plain));
        }
    }

    private static SecureString ToSecureString(string? plain)
    {
        var secure = new SecureString();
        foreach (var c in plain ?? "")
            secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    // The emulator (docs/emulator.md) serves its token route beside the API: a local http -BaseUri
    // without -TokenUri means it, never Login with Amazon, which would refuse the emulator's credentials.
    private Uri DefaultTokenUri(Uri baseUri)
    {
        if (baseUri.Scheme != Uri.UriSchemeHttp || !baseUri.IsLoopback)
            return ParseUri(TokenUri, "-TokenUri");
        var derived = new Uri(baseUri.GetLeftPart(UriPartial.Authority) + "/auth/o2/token");
        WriteVerbose(Messages.TokenUriDerived(derived));
        return derived;
    }

    private Uri ParseUri(string text, string parameter)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            ThrowTerminatingError(ErrorRecords.Create("InvalidUri", ErrorCategory.InvalidArgument, text, Messages.BadUri(parameter, text)));
        return uri!;
    }
}
