using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AmazonVitals.Client;

namespace AmazonVitals.Session;

/// <summary>
/// A connection to the Vitals API, as Connect-Vitals -PassThru returns it. It shows where it
/// points and how it behaves, never the secret or the token: neither is a property, neither is in
/// ToString, so neither can reach ConvertTo-Json, a transcript or a format view.
/// </summary>
public sealed class VitalsSession
{
    private readonly ConcurrentDictionary<string, byte> _packagesUsed = new(StringComparer.Ordinal);

    internal VitalsSession(VitalsClient client, string? packageName)
    {
        Client = client;
        PackageName = packageName;
        ConnectedAt = DateTime.UtcNow;
        if (!string.IsNullOrEmpty(packageName))
            NotePackageUsed(packageName!);
    }

    internal VitalsClient Client { get; }

    /// <summary>The client id of the security profile (not a secret).</summary>
    public string ClientId => Client.Options.ClientId;
    /// <summary>The default package of the data cmdlets.</summary>
    public string? PackageName { get; }
    /// <summary>The Vitals API base URI.</summary>
    public Uri BaseUri => Client.Options.BaseUri;
    /// <summary>The Login with Amazon token URI.</summary>
    public Uri TokenUri => Client.Options.TokenUri;
    /// <summary>When Connect-Vitals made this session (UTC).</summary>
    public DateTime ConnectedAt { get; }
    /// <summary>When the cached token expires (UTC); it is refreshed 5 minutes before.</summary>
    public DateTime? TokenExpiresAt => Client.TokenExpiresAt?.UtcDateTime;
    /// <summary>Requests per rolling second, shared by every session of this client id in the process.</summary>
    public int RequestsPerSecond => Client.Options.RequestsPerSecond;
    /// <summary>Retries of a transient failure.</summary>
    public int MaxRetryCount => Client.Options.MaxRetryCount;
    /// <summary>The longest one wait between retries may be, Retry-After included.</summary>
    public int MaxRetryDelaySec => (int)Client.Options.RetryAfterCap.TotalSeconds;
    /// <summary>Deadline of one call, retries included.</summary>
    public int TimeoutSec => (int)Client.Options.TotalTimeout.TotalSeconds;
    /// <summary>True while this is the module's default session.</summary>
    public bool IsDefault => ReferenceEquals(SessionStore.Default, this);
    /// <summary>False once Disconnect-Vitals closed this session: it cannot be used again.</summary>
    public bool IsConnected => !IsDisconnected;
    /// <summary>Packages this session has queried, for completion.</summary>
    public IReadOnlyList<string> PackagesUsed => _packagesUsed.Keys.OrderBy(p => p, StringComparer.Ordinal).ToList();

    internal bool IsDisconnected { get; private set; }

    internal void NotePackageUsed(string packageName) => _packagesUsed.TryAdd(packageName, 0);

    internal void Disconnect()
    {
        IsDisconnected = true;
        Client.Disconnect();
        Client.Options.ClientSecret.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "AmazonVitals session: client {0} at {1}", ClientId, BaseUri);
}
