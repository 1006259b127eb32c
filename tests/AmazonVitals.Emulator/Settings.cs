using System;
using AmazonVitals.Emulator.Data;

namespace AmazonVitals.Emulator;

/// <summary>The settings POST /_emulator/config can change while the emulator runs.</summary>
public sealed class Settings
{
    private readonly object _gate = new();
    private readonly EmulatorOptions _startup;
    private int _rateLimit;
    private int _tokenLifetime;
    private DateTimeOffset? _now;
    private int _revision;
    private bool _datesInterleaved;

    public Settings(EmulatorOptions startup)
    {
        _startup = startup;
        Restore();
    }

    public string ClientId => _startup.ClientId;

    public string ClientSecret => _startup.ClientSecret;

    public int RateLimit
    {
        get { lock (_gate) { return _rateLimit; } }
        set { lock (_gate) { _rateLimit = value; } }
    }

    public int TokenLifetimeSeconds
    {
        get { lock (_gate) { return _tokenLifetime; } }
        set { lock (_gate) { _tokenLifetime = value; } }
    }

    public DateTimeOffset? Now
    {
        get { lock (_gate) { return _now; } }
        set { lock (_gate) { _now = value?.ToUniversalTime(); } }
    }

    /// <summary>How often the newest date has been revised since start-up (see <see cref="DataWindows.Revision"/>).</summary>
    public int Revision
    {
        get { lock (_gate) { return _revision; } }
        set { lock (_gate) { _revision = value; } }
    }

    /// <summary>Rows in dimension-major order (see <see cref="DataWindows.DatesInterleaved"/>).</summary>
    public bool DatesInterleaved
    {
        get { lock (_gate) { return _datesInterleaved; } }
        set { lock (_gate) { _datesInterleaved = value; } }
    }

    /// <summary>The data windows as of this moment (fixed "now" or the real clock).</summary>
    public DataWindows Windows() => new(Now ?? DateTimeOffset.UtcNow, Revision, DatesInterleaved);

    /// <summary>Back to the start-up values (used by reset, so tests cannot leak settings into each other).</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _rateLimit = _startup.RateLimit;
            _tokenLifetime = _startup.TokenLifetimeSeconds;
            _now = _startup.Now?.ToUniversalTime();
            _revision = 0;
            _datesInterleaved = false;
        }
    }
}
