using System;
using System.Collections.Generic;
using System.Text;
using AmazonVitals.Emulator.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AmazonVitals.Emulator.Auth;

/// <summary>POST /auth/o2/token: the Login with Amazon client-credentials grant, with LWA's error shape.</summary>
public sealed class TokenEndpoint
{
    private static readonly Dictionary<string, string> NoStore = new(StringComparer.Ordinal) { ["Cache-Control"] = "no-store" };

    private readonly Settings _settings;
    private readonly TokenStore _tokens;

    public TokenEndpoint(Settings settings, TokenStore tokens)
    {
        _settings = settings;
        _tokens = tokens;
    }

    /// <summary>Answers the grant; <paramref name="clientId"/> is the only part of the form the log may keep.</summary>
    public EmulatorResponse Handle(string? contentType, ReadOnlyMemory<byte> body, out string? clientId)
    {
        clientId = null;
        if (contentType == null || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return EmulatorResponse.LwaError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded");
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Span));
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        clientId = Field("client_id");

        var grant = Field("grant_type");
        if (string.IsNullOrEmpty(grant))
        {
            return EmulatorResponse.LwaError(400, "invalid_request", "The request is missing a required parameter: grant_type");
        }

        if (!string.Equals(grant, "client_credentials", StringComparison.Ordinal))
        {
            return EmulatorResponse.LwaError(400, "unsupported_grant_type", $"The authorization grant type '{grant}' is not supported by the authorization server");
        }

        if (!string.Equals(clientId, _settings.ClientId, StringComparison.Ordinal)
            || !string.Equals(Field("client_secret"), _settings.ClientSecret, StringComparison.Ordinal))
        {
            return EmulatorResponse.LwaError(401, "invalid_client", "Client authentication failed");
        }

        var scope = Field("scope");
        if (!string.Equals(scope, EmulatorOptions.Scope, StringComparison.Ordinal))
        {
            return EmulatorResponse.LwaError(400, "invalid_scope", "The requested scope is invalid, unknown, or malformed. Is the security profile attached to the Reporting API?");
        }

        var lifetime = _settings.TokenLifetimeSeconds;
        var token = _tokens.Issue(clientId!, TimeSpan.FromSeconds(lifetime));
        return EmulatorResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", token);
            w.WriteString("token_type", "bearer");
            w.WriteNumber("expires_in", lifetime);
            w.WriteString("scope", EmulatorOptions.Scope);
            w.WriteEndObject();
        }, NoStore);
    }
}
