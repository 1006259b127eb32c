using System;
using AmazonVitals.Emulator.Profiles;

namespace AmazonVitals.Emulator;

/// <summary>Start-up settings; the command line maps onto these one for one.</summary>
public sealed class EmulatorOptions
{
    public const string DefaultClientId = "emulator-client";
    public const string DefaultClientSecret = "emulator-secret";
    public const string Scope = "adx_reporting::appstore:marketer";

    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Accepted requests per rolling second per client id on the API routes; 0 turns limiting off.</summary>
    public int RateLimit { get; set; } = 3;

    /// <summary>The clock the rate limit's one-second window is measured on; tests pass one they move.</summary>
    public TimeProvider RateLimitClock { get; set; } = TimeProvider.System;

    /// <summary><c>expires_in</c> of issued tokens, in seconds.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public string ClientId { get; set; } = DefaultClientId;

    public string ClientSecret { get; set; } = DefaultClientSecret;

    /// <summary>A fixed "now" (UTC) for the data windows; null follows the real clock.</summary>
    public DateTimeOffset? Now { get; set; }

    /// <summary>Budget for cached serialized pages; least recently used pages go first.</summary>
    public long PageCacheBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>What the API routes serve: the inferred default, or only what the reference documents.</summary>
    public EmulatorProfile Profile { get; set; } = EmulatorProfile.Inferred;

    public EmulatorOptions Clone() => (EmulatorOptions)MemberwiseClone();
}
