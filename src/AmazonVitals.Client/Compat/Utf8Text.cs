using System;
using System.Text;

namespace AmazonVitals.Client.Compat;

/// <summary>Span-based text helpers that netstandard2.0 lacks.</summary>
internal static class Utf8Text
{
    public static string GetString(ReadOnlySpan<byte> utf8)
    {
#if NET
        return Encoding.UTF8.GetString(utf8);
#else
        return Encoding.UTF8.GetString(utf8.ToArray());
#endif
    }

    /// <summary>Milliseconds since a Stopwatch timestamp.</summary>
    public static double ElapsedMilliseconds(long startedTimestamp) =>
        (System.Diagnostics.Stopwatch.GetTimestamp() - startedTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
