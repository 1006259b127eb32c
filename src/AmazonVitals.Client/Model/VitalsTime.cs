using System;
using System.Globalization;

namespace AmazonVitals.Client.Model;

/// <summary>How the times users type become the UTC instants and dates the API takes.</summary>
public static class VitalsTime
{
    /// <summary>
    /// A UTC DateTime is used as is. A bare date (midnight, unspecified kind, which is what
    /// PowerShell binds '2026-11-20' to) means that UTC calendar date: shifting it by the machine's
    /// time zone would silently ask for the wrong day. Any other time is local and is converted,
    /// as the reference's helper does.
    /// </summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Unspecified when value.TimeOfDay == TimeSpan.Zero => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value.ToUniversalTime(),
    };

    /// <summary>The UTC date an instant falls on.</summary>
    public static DateTime UtcDate(DateTime utc) => DateTime.SpecifyKind(utc.Date, DateTimeKind.Utc);

    /// <summary>The first UTC midnight at or after the instant: an exclusive end in whole dates.</summary>
    public static DateTime CeilingDate(DateTime utc) => utc.TimeOfDay == TimeSpan.Zero ? UtcDate(utc) : UtcDate(utc).AddDays(1);

    /// <summary>
    /// Reads the timestamps the API uses: "2026-04-25", "2026-04-25T14" and
    /// "2026-04-25T00:00:00Z". Returns null for anything else rather than guess.
    /// </summary>
    public static DateTime? ParseTimestamp(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var formats = new[] { "yyyy-MM-dd", "yyyy-MM-dd'T'HH", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH'Z'" };
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
            : null;
    }
}
