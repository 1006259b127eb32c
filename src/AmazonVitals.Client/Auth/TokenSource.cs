using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Wire;

namespace AmazonVitals.Client.Auth;

/// <summary>
/// Login with Amazon client-credentials tokens: cached in memory only, refreshed ahead of expiry,
/// and fetched by one caller at a time however many are waiting.
/// </summary>
internal sealed class TokenSource : IAuthenticator
{
    /// <summary>Amazon's advice: refresh 5 minutes before expiry, so no request carries a token that dies in flight.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    private readonly string _clientId;
    private readonly SecureString _secret;
    private readonly Uri _tokenUri;
    private readonly RequestPipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private CachedToken? _current;
    private int _fetches;
    private bool _closed;
    private int _failures;
    private VitalsException? _lastFailure;

    public TokenSource(string clientId, SecureString secret, Uri tokenUri, RequestPipeline pipeline, TimeProvider? time = null)
    {
        _clientId = clientId;
        _secret = secret;
        _tokenUri = tokenUri;
        _pipeline = pipeline;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>When the cached token expires, or null when none is held.</summary>
    public DateTimeOffset? ExpiresAt => Volatile.Read(ref _current)?.ExpiresAt;

    /// <summary>How many token requests this source has made.</summary>
    public int FetchCount => Volatile.Read(ref _fetches);

    public async Task<string> GetTokenAsync(IVitalsTrace trace, CancellationToken cancellationToken)
    {
        if (Usable(Volatile.Read(ref _current)) is { } token)
            return token;
        ThrowIfClosed();
        var failuresBefore = Volatile.Read(ref _failures);
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the lock before us may already have refreshed...
            if (Usable(Volatile.Read(ref _current)) is { } refreshed)
                return refreshed;
            // ...or failed, after its own retries: every waiter gets that answer rather than a
            // retry cycle of its own, so N concurrent requests never make N x (1 + retries) tries.
            if (Volatile.Read(ref _failures) != failuresBefore && _lastFailure is { } failed)
                throw failed;
            CachedToken fresh;
            try
            {
                fresh = await FetchAsync(trace, cancellationToken).ConfigureAwait(false);
            }
            catch (VitalsException e)
            {
                _lastFailure = e;
                Interlocked.Increment(ref _failures);
                throw;
            }
            // Disconnect-Vitals while the token was on its way: it must not outlive the session.
            ThrowIfClosed();
            Volatile.Write(ref _current, fresh);
            return fresh.Value;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Invalidate(string token)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && string.Equals(current.Value, token, StringComparison.Ordinal))
            Interlocked.CompareExchange(ref _current, null, current);
    }

    /// <summary>
    /// Drops the cached token for good (Disconnect-Vitals). A call still running in another
    /// runspace then ends with NotConnected at its next token need, never with the disposed secret.
    /// </summary>
    public void Close()
    {
        Volatile.Write(ref _closed, true);
        Volatile.Write(ref _current, null);
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed))
            throw new VitalsException(Messages.NotConnected(), VitalsErrorKind.NotConnected, "NotConnected");
    }

    private string? Usable(CachedToken? token) => token is not null && _time.GetUtcNow() < token.RefreshAt ? token.Value : null;

    private async Task<CachedToken> FetchAsync(IVitalsTrace trace, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        trace.Verbose(Messages.RequestingToken(_tokenUri, _clientId));
        // No DebugBody: the form holds the secret and must never reach any stream.
        var request = new VitalsRequest(HttpMethod.Post, _tokenUri, _tokenUri.AbsolutePath) { Content = BuildForm, ReadError = LwaErrors.Read };
        try
        {
            var issuedAt = _time.GetUtcNow();
            return await _pipeline.SendAsync(request, (in VitalsResponse r) => Parse(r, issuedAt), trace, cancellationToken).ConfigureAwait(false);
        }
        catch (VitalsException e)
        {
            // Already retried on the token request's own path: final for the API request that
            // needed the token, or every retry there would retry the token endpoint again.
            throw RetryRules.TokenFailure(e, _tokenUri);
        }
    }

    /// <summary>The only place the secret exists as plain text: while this one body is encoded, per attempt.</summary>
    private HttpContent BuildForm()
    {
        var pointer = IntPtr.Zero;
        try
        {
            ThrowIfClosed();
            pointer = Marshal.SecureStringToGlobalAllocUnicode(_secret);
            return new FormUrlEncodedContent(new[]
            {
                new KeyValuePair<string, string>("grant_type", "client_credentials"),
                new KeyValuePair<string, string>("client_id", _clientId),
                new KeyValuePair<string, string>("client_secret", Marshal.PtrToStringUni(pointer) ?? ""),
                new KeyValuePair<string, string>("scope", VitalsClientOptions.Scope),
            });
        }
        catch (ObjectDisposedException)
        {
            // Disconnect-Vitals disposed the secret between the check above and its use.
            throw new VitalsException(Messages.NotConnected(), VitalsErrorKind.NotConnected, "NotConnected");
        }
        finally
        {
            if (pointer != IntPtr.Zero)
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    private static CachedToken Parse(in VitalsResponse response, DateTimeOffset issuedAt)
    {
        var reader = new Utf8JsonReader(response.Span);
        string? token = null;
        var lifetime = TimeSpan.FromHours(1);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("The token response is not a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = reader.ValueTextEquals("access_token"u8);
            var isExpiry = reader.ValueTextEquals("expires_in"u8);
            reader.Read();
            if (isToken && reader.TokenType == JsonTokenType.String)
                token = JsonReading.ReadText(ref reader);
            else if (isExpiry && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds))
                lifetime = TimeSpan.FromSeconds(Math.Max(1, Math.Min(seconds, MaxLifetime.TotalSeconds))); // a wild value must not break or hammer us
            else
                reader.Skip();
        }
        if (string.IsNullOrEmpty(token))
            throw new JsonException("The token response has no access_token.");
        // Short-lived tokens (tests, odd servers) refresh at half-life rather than at once.
        var ahead = lifetime > RefreshAhead + RefreshAhead ? RefreshAhead : TimeSpan.FromTicks(lifetime.Ticks / 2);
        return new CachedToken(token!, issuedAt + lifetime - ahead, issuedAt + lifetime);
    }

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt, DateTimeOffset ExpiresAt)
    {
        // A record prints its members; this one holds a token and must print nothing of it.
        public override string ToString() => "token expiring " + ExpiresAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
    }
}
