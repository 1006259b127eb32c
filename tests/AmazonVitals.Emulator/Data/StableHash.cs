using System;
using System.Text;

namespace AmazonVitals.Emulator.Data;

/// <summary>
/// Deterministic hashing for the synthetic data. string.GetHashCode is randomised per process, so the
/// emulator uses its own mixers: the same query must give the same rows in every run.
/// </summary>
public static class StableHash
{
    /// <summary>SplitMix64 finaliser: cheap and well mixed, fast enough for a million rows.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Combine(ulong a, ulong b) => Mix(a ^ Mix(b));

    public static ulong Combine(ulong a, ulong b, ulong c) => Mix(Combine(a, b) ^ Mix(c + 0x632BE59BD9B4E019UL));

    /// <summary>FNV-1a over UTF-8, then mixed.</summary>
    public static ulong Of(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return Mix(h);
    }

    /// <summary>A value in [0, 1) from a hash.</summary>
    public static double Unit(ulong h) => (Mix(h) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A value in [low, high) from a hash.</summary>
    public static double Between(ulong h, double low, double high) => low + ((high - low) * Unit(h));

    public static ulong Of(params string[] parts) => Of(string.Join('\u001f', parts));

    public static int Bounded(ulong h, int exclusiveMax) => (int)(Mix(h) % (ulong)Math.Max(1, exclusiveMax));
}
