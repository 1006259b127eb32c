using System;
using AmazonVitals.Emulator.Auth;
using AmazonVitals.Emulator.Control;
using AmazonVitals.Emulator.Profiles;
using AmazonVitals.Emulator.Queries;

namespace AmazonVitals.Emulator;

/// <summary>Everything one emulator instance remembers; each host has its own, so tests can run side by side.</summary>
public sealed class EmulatorState
{
    public EmulatorState(EmulatorOptions options)
    {
        Settings = new Settings(options);
        Rules = ProfileRules.For(options.Profile);
        Tokens = new TokenStore(TimeProvider.System);
        RateLimiter = new RateLimiter(options.RateLimitClock);
        Queries = new QueryExecutor(new PageCache(options.PageCacheBytes), Rules);
    }

    /// <summary>The profile's rules; fixed at start-up (reset and config leave it alone).</summary>
    public ProfileRules Rules { get; }

    public Settings Settings { get; }

    public TokenStore Tokens { get; }

    public RateLimiter RateLimiter { get; }

    public FaultBoard Faults { get; } = new();

    public RequestLog Log { get; } = new();

    public QueryExecutor Queries { get; }

    /// <summary>Clears log, faults, rate-limit windows and tokens, and restores the start-up settings.</summary>
    public void Reset()
    {
        Log.Clear();
        Faults.Clear();
        RateLimiter.Clear();
        Tokens.Clear();
        Settings.Restore();
    }
}
