using System;
using System.Globalization;

namespace AmazonVitals.Emulator.Data;

/// <summary>
/// What data exists at a given "now": DAILY is ready the next day (T-1) and kept for 30 dates,
/// HOURLY about two hours after the hour (T-2h) and kept for the 15 most recent dates.
/// </summary>
public sealed class DataWindows
{
    public const int DailyRetentionDays = 30;
    public const int HourlyRetentionDays = 15;
    public const int DailyMaxSpanDays = 30;
    public const int HourlyMaxSpanDays = 15;

    public DataWindows(DateTimeOffset now, int revision = 0, bool datesInterleaved = false)
    {
        Revision = revision;
        DatesInterleaved = datesInterleaved;
        var utc = now.UtcDateTime;
        Now = now.ToUniversalTime();
        LatestDaily = DateOnly.FromDateTime(utc).AddDays(-1);
        OldestDaily = LatestDaily.AddDays(-(DailyRetentionDays - 1));
        var hour = utc.AddHours(-2);
        LatestHour = new DateTime(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, DateTimeKind.Utc);
        OldestHourlyDate = DateOnly.FromDateTime(LatestHour).AddDays(-(HourlyRetentionDays - 1));
    }

    public DateTimeOffset Now { get; }

    /// <summary>
    /// How often the newest date has been revised (POST /_emulator/config {"revision":N}): devices
    /// report late, so the provisional date's rows change while older dates stay as they were.
    /// </summary>
    public int Revision { get; }

    /// <summary>
    /// Rows in dimension-major order (every date of one breakdown, then the next) rather than date
    /// by date (POST /_emulator/config {"datesInterleaved":true}): the reference promises no row
    /// order, so a client must not depend on one.
    /// </summary>
    public bool DatesInterleaved { get; }

    /// <summary>The share of a date's devices reported so far: grows with each revision of the newest date only.</summary>
    public double ReportedShare(DateOnly date) => date == LatestDaily ? 1 + (0.05 * Revision) : 1;

    public DateOnly LatestDaily { get; }

    public DateOnly OldestDaily { get; }

    /// <summary>Start of the newest complete hour that has data.</summary>
    public DateTime LatestHour { get; }

    public DateOnly OldestHourlyDate { get; }

    /// <summary>Freshness endpoint form: "2026-04-25".</summary>
    public string DailyFreshness => LatestDaily.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Freshness endpoint form: "2026-04-25T14".</summary>
    public string HourlyFreshness => LatestHour.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    /// <summary>Query response form: "2026-04-25T00:00:00Z".</summary>
    public string DailyTimestamp => DailyFreshness + "T00:00:00Z";

    /// <summary>Query response form: "2026-04-25T14:00:00Z".</summary>
    public string HourlyTimestamp => LatestHour.ToString("yyyy-MM-dd'T'HH:00:00'Z'", CultureInfo.InvariantCulture);

    /// <summary>Identifies the window, so cached pages are not served after the data has moved on.</summary>
    public string CacheStamp => HourlyTimestamp + "|r" + Revision.ToString(CultureInfo.InvariantCulture) + (DatesInterleaved ? "|i" : "");
}
