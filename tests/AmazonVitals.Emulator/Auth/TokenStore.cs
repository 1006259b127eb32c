using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AmazonVitals.Emulator.Auth;

/// <summary>Issued access tokens and when they expire (real time, independent of the data clock).</summary>
public sealed class TokenStore
{
    private readonly ConcurrentDictionary<string, Issued> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public TokenStore(TimeProvider time) => _time = time;

    public enum Check
    {
        Valid,
        Unknown,
        Expired,
    }

    public string Issue(string clientId, TimeSpan lifetime)
    {
        // Shaped like an LWA token ("Atc|..."), random so nothing can guess one.
        var token = "Atc|" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = new Issued(clientId, _time.GetUtcNow() + lifetime);
        return token;
    }

    public Check Validate(string token, out string clientId)
    {
        clientId = "";
        if (!_tokens.TryGetValue(token, out var issued))
        {
            return Check.Unknown;
        }

        clientId = issued.ClientId;
        return _time.GetUtcNow() >= issued.ExpiresAt ? Check.Expired : Check.Valid;
    }

    /// <summary>Every token issued so far stops working (kept, so the answer can say "expired").</summary>
    public void ExpireAll()
    {
        var now = _time.GetUtcNow();
        foreach (var pair in _tokens)
        {
            _tokens[pair.Key] = pair.Value with { ExpiresAt = now };
        }
    }

    public void Clear() => _tokens.Clear();

    private sealed record Issued(string ClientId, DateTimeOffset ExpiresAt);
}
