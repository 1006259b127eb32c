using System;
using System.Collections.Generic;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Health;

/// <summary>One of the three rate measures a health check judges: its metric set and metric names.</summary>
public sealed class HealthMeasure
{
    private HealthMeasure(string name, string metricSet, string prefix, ReportType? reportType)
    {
        Name = name;
        MetricSet = metricSet;
        var cap = char.ToUpperInvariant(prefix[0]) + prefix.Substring(1);
        RateMetric = prefix + "Rate";
        UserPerceivedMetric = "userPerceived" + cap + "Rate";
        CountMetric = prefix + "Count";
        ReportType = reportType;
    }

    public static HealthMeasure Crash { get; } = new("Crash", KnownMetricSets.Crash, "crash", Model.ReportType.Crash);
    public static HealthMeasure Anr { get; } = new("ANR", KnownMetricSets.Anr, "anr", Model.ReportType.Anr);
    public static HealthMeasure Lmk { get; } = new("LMK", KnownMetricSets.Lmk, "lmk", null);

    /// <summary>Crash, ANR, LMK: the order of every report.</summary>
    public static IReadOnlyList<HealthMeasure> All { get; } = new[] { Crash, Anr, Lmk };

    /// <summary>Crash, ANR or LMK.</summary>
    public string Name { get; }
    public string MetricSet { get; }
    /// <summary>crashRate, anrRate, lmkRate: the rate the verdict and the thresholds judge.</summary>
    public string RateMetric { get; }
    public string UserPerceivedMetric { get; }
    /// <summary>crashCount, anrCount, lmkCount: events, which may be summed.</summary>
    public string CountMetric { get; }
    /// <summary>The issues report type of this measure; null for LMK, which has no issues.</summary>
    public ReportType? ReportType { get; }

    /// <summary>The weight of every rate: without it no rate can be weighted, so a set must serve it.</summary>
    public const string DevicesMetric = "distinctDevices";

    /// <summary>The metrics a health check asks for, in this order, of those the set serves.</summary>
    public IReadOnlyList<string> QueryMetrics => new[] { RateMetric, UserPerceivedMetric, DevicesMetric, CountMetric };

    /// <summary>
    /// The dimensions of a health query, of those the set serves: versions, device families for the
    /// per-family pairs, device models for the strata and both models and OS versions for the
    /// drivers. One query holds them all, so the check stays within its request budget; countryCode
    /// would multiply the rows twentyfold and is left out.
    /// </summary>
    public static IReadOnlyList<string> QueryDimensions { get; } = new[] { "versionCode", "deviceType", "deviceModel", "osVersion" };

    public override string ToString() => Name;
}

/// <summary>
/// One row of a health query: one UTC date and one versionCode, and the device slice it covers
/// when the query was by deviceType, deviceModel or osVersion. A value the API left out is null
/// (userPerceived* metrics are missing on rows with fewer than 50 devices).
/// </summary>
public readonly record struct VersionDayRow(DateTime Day, string VersionCode, double? Rate, double? UserPerceivedRate, long? DistinctDevices, long? EventCount)
{
    /// <summary>The device family (AMAZON_FIRE_TV...); null when the query was not by deviceType.</summary>
    public string? DeviceType { get; init; }
    /// <summary>null when the query was not by deviceModel.</summary>
    public string? DeviceModel { get; init; }
    /// <summary>null when the query was not by osVersion.</summary>
    public string? OsVersion { get; init; }
}

/// <summary>
/// The two windows of a health check, in whole UTC dates: the window of <see cref="Days"/> dates
/// that ends with the latest Daily data, and the baseline, the same number of dates just before it.
/// </summary>
public sealed class HealthWindow
{
    /// <summary>Two windows must fit in one Daily query, which may span 30 days.</summary>
    public const int MaxDays = QueryPlanner.MaxDailyDays / 2;
    public const int DefaultDays = 7;

    private HealthWindow(DateTime latestDaily, int days)
    {
        LatestDaily = latestDaily;
        Days = days;
        WindowEnd = latestDaily.AddDays(1);
        WindowStart = WindowEnd.AddDays(-days);
        BaselineStart = WindowStart.AddDays(-days);
    }

    /// <summary>The newest UTC date with Daily data (the last date of the window).</summary>
    public DateTime LatestDaily { get; }
    public int Days { get; }
    /// <summary>Inclusive UTC start of the window.</summary>
    public DateTime WindowStart { get; }
    /// <summary>Exclusive UTC end of the window: the day after <see cref="LatestDaily"/>.</summary>
    public DateTime WindowEnd { get; }
    /// <summary>Inclusive UTC start of the baseline, which ends (exclusive) at <see cref="WindowStart"/>.</summary>
    public DateTime BaselineStart { get; }

    /// <summary>The window of <paramref name="days"/> dates ending with <paramref name="latestDaily"/>, and its baseline.</summary>
    public static HealthWindow EndingAt(DateTime latestDaily, int days)
    {
        CheckDays(days);
        return new HealthWindow(VitalsTime.UtcDate(latestDaily), days);
    }

    /// <summary>Throws <see cref="VitalsValidationException"/> unless 1 &lt;= days &lt;= <see cref="MaxDays"/>.</summary>
    public static void CheckDays(int days)
    {
        if (days < 1 || days > MaxDays)
            throw new VitalsValidationException("DaysOutOfRange", "-Days", days, Messages.HealthDaysOutOfRange(days, MaxDays));
    }

    /// <summary>True when the date falls in the window (not the baseline).</summary>
    public bool InWindow(DateTime day) => day >= WindowStart && day < WindowEnd;

    /// <summary>True when the date falls in the baseline.</summary>
    public bool InBaseline(DateTime day) => day >= BaselineStart && day < WindowStart;
}

/// <summary>What a health check judges by: the version rule's device floor, the test, the provisional days, the user's thresholds.</summary>
public sealed class HealthPolicy
{
    public const long DefaultMinDevices = 1000;
    /// <summary>The two-sided confidence a version change must be significant at.</summary>
    public const double DefaultConfidence = 0.99;
    /// <summary>The lowest -Confidence accepted: below it, "significant" would mean little.</summary>
    public const double MinConfidence = 0.5;
    /// <summary>
    /// The smallest relative change (10%) that moves a verdict once it is significant. Device-days
    /// run to millions, where a test finds even a 2% shift significant; such shifts come as much
    /// from a different device mix on each version as from the release. Half the old fixed 20%,
    /// so a real 15% rise on a large sample is caught.
    /// </summary>
    public const double DefaultMinChange = 0.10;
    /// <summary>The newest dates are revised as late devices report: by default the newest one is provisional.</summary>
    public const int DefaultProvisionalDays = 1;
    /// <summary>Daily data normally lags one day; more than this many days behind today (UTC) is a stalled feed.</summary>
    public const int StaleAfterDays = 2;

    /// <summary>A version takes part when its mean daily distinctDevices over the window (on the dates it has data) is at least this.</summary>
    public long MinDevices { get; set; } = DefaultMinDevices;
    /// <summary>The two-sided confidence of the version test (0.99: significant when p &lt; 0.01).</summary>
    public double Confidence { get; set; } = DefaultConfidence;
    /// <summary>The relative change a significant difference needs to be Regressed or Improved (0.10 = 10%).</summary>
    public double MinChange { get; set; } = DefaultMinChange;
    /// <summary>The newest dates of the window shown as provisional and left out of the version test.</summary>
    public int ProvisionalDays { get; set; } = DefaultProvisionalDays;
    /// <summary>Today's UTC date, for the stalled-feed check; null for the system clock's.</summary>
    public DateTime? Today { get; set; }
    /// <summary>The window's crashRate above this (a fraction) makes the package unhealthy; null for no threshold.</summary>
    public double? CrashRateThreshold { get; set; }
    public double? AnrRateThreshold { get; set; }
    public double? LmkRateThreshold { get; set; }

    public double? ThresholdFor(HealthMeasure measure) =>
        ReferenceEquals(measure, HealthMeasure.Crash) ? CrashRateThreshold
        : ReferenceEquals(measure, HealthMeasure.Anr) ? AnrRateThreshold
        : ReferenceEquals(measure, HealthMeasure.Lmk) ? LmkRateThreshold
        : null;

    /// <summary>The cmdlet parameter that sets the threshold of a measure, for messages.</summary>
    public static string ThresholdParameter(HealthMeasure measure) =>
        ReferenceEquals(measure, HealthMeasure.Anr) ? "-AnrRateThreshold"
        : ReferenceEquals(measure, HealthMeasure.Lmk) ? "-LmkRateThreshold"
        : "-CrashRateThreshold";

    /// <summary>
    /// Checks what needs no server: the confidence, the minimum change, and that -ProvisionalDays
    /// leaves at least one settled date of the window to test.
    /// </summary>
    public void Check(int days)
    {
        HealthWindow.CheckDays(days);
        ProportionTest.CheckConfidence(Confidence);
        if (!(MinChange >= 0) || double.IsInfinity(MinChange))
            throw new VitalsValidationException("MinChangeOutOfRange", "-MinChange", MinChange, Messages.HealthMinChangeOutOfRange(MinChange));
        if (ProvisionalDays < 0 || ProvisionalDays >= days)
            throw new VitalsValidationException("ProvisionalDaysOutOfRange", "-ProvisionalDays", ProvisionalDays, Messages.HealthProvisionalDaysOutOfRange(ProvisionalDays, days));
    }
}

/// <summary>The verdicts of a version comparison. An enum that prints, sorts in Export-Csv and compares (-eq 'Regressed') as its name.</summary>
public enum HealthVerdict
{
    /// <summary>Fewer than two versions reach MinDevices, or they share fewer than three settled days: nothing to compare.</summary>
    NotEnoughData,
    /// <summary>The newest version's mix-adjusted rate is significantly higher than the previous version's, and by at least MinChange of it.</summary>
    Regressed,
    /// <summary>The newest version's mix-adjusted rate is significantly lower than the previous version's, and by at least MinChange of it.</summary>
    Improved,
    /// <summary>Neither: not significant, or smaller than MinChange. The interval says how large a change the data could still hide.</summary>
    Stable,
    /// <summary>The server did not serve this measure (unknown set, refused query, rate metric not listed): see Reason.</summary>
    NotAvailable,
}

/// <summary>A version's weight in the window: the mean of its daily distinctDevices over the dates it has data.</summary>
public sealed class VersionDevices
{
    public VersionDevices(string versionCode, long number, double meanDailyDevices, int days)
    {
        VersionCode = versionCode;
        Number = number;
        MeanDailyDevices = meanDailyDevices;
        Days = days;
    }

    public string VersionCode { get; }
    /// <summary>The versionCode as a number, the order of versions.</summary>
    public long Number { get; }
    public double MeanDailyDevices { get; }
    /// <summary>Dates of the window on which the version has data.</summary>
    public int Days { get; }
}

/// <summary>
/// The health of one measure (crash, ANR or LMK) over a window: the whole app's rates against the
/// baseline window's, and the newest version's against the version before it. Rates are
/// fractions (0.0123 = 1.23%); a rate is null when no row had a value for it.
/// </summary>
public sealed class MeasureHealth
{
    /// <summary>Crash, ANR or LMK.</summary>
    public string Measure { get; internal init; } = "";
    public string MetricSet { get; internal init; } = "";
    /// <summary>The metric the rates below are of (crashRate...), and the verdict and threshold judge.</summary>
    public string RateMetric { get; internal init; } = "";

    /// <summary>The window's rate: each date×version row weighted by its distinctDevices.</summary>
    public double? WindowRate { get; internal init; }
    /// <summary>The window's user-perceived rate, weighted the same way over the rows that have one.</summary>
    public double? UserPerceivedRate { get; internal init; }
    /// <summary>Σ distinctDevices over the window's date×version rows: device-days, not distinct devices.</summary>
    public long WindowDeviceDays { get; internal init; }
    /// <summary>Σ of the count metric (crashCount...) over the window: events.</summary>
    public long WindowEventCount { get; internal init; }

    /// <summary>The baseline window's rate, weighted the same way.</summary>
    public double? BaselineRate { get; internal init; }
    public double? BaselineUserPerceivedRate { get; internal init; }
    /// <summary>WindowRate − BaselineRate.</summary>
    public double? AbsoluteChange { get; internal init; }
    /// <summary>(WindowRate − BaselineRate) / BaselineRate; null when the baseline is 0 or missing.</summary>
    public double? RelativeChange { get; internal init; }

    /// <summary>The newest versionCode whose mean daily distinctDevices reaches MinDevices.</summary>
    public string? NewVersion { get; internal init; }
    public double? NewVersionDailyDevices { get; internal init; }
    /// <summary>The new version's rate over the settled dates of the window (the provisional ones left out), device-weighted.</summary>
    public double? NewVersionRate { get; internal init; }
    public double? NewVersionUserPerceivedRate { get; internal init; }
    /// <summary>Σ distinctDevices of the new version over the settled dates: the n of the test.</summary>
    public long NewVersionDeviceDays { get; internal init; }
    /// <summary>The next lower versionCode (numerically) that also reaches MinDevices.</summary>
    public string? PreviousVersion { get; internal init; }
    public double? PreviousVersionDailyDevices { get; internal init; }
    public double? PreviousVersionRate { get; internal init; }
    public double? PreviousVersionUserPerceivedRate { get; internal init; }
    public long PreviousVersionDeviceDays { get; internal init; }
    /// <summary>NewVersionRate − PreviousVersionRate.</summary>
    public double? VersionAbsoluteChange { get; internal init; }
    /// <summary>(NewVersionRate − PreviousVersionRate) / PreviousVersionRate; null when the previous rate is 0 or missing.</summary>
    public double? VersionRelativeChange { get; internal init; }
    /// <summary>The mix-adjusted relative change of the newest version against the previous one (0.25 = 25% worse per device): the headline.</summary>
    public double? Change { get; internal init; }
    /// <summary>The interval of <see cref="Change"/> at the confidence its comparison was judged at.</summary>
    public double? ChangeLow { get; internal init; }
    public double? ChangeHigh { get; internal init; }
    /// <summary>The pooled change over the same days and devices, device mix ignored: what a chart of the two versions shows.</summary>
    public double? RawChange { get; internal init; }
    /// <summary>The t statistic of the pooled log rate ratio (positive: the new version is worse).</summary>
    public double? TStatistic { get; internal init; }
    /// <summary>Its two-sided p-value on <see cref="DegreesOfFreedom"/>.</summary>
    public double? PValue { get; internal init; }
    /// <summary>Compared days − 1.</summary>
    public double? DegreesOfFreedom { get; internal init; }
    /// <summary>Settled dates (baseline included) on which both versions had devices in a shared stratum.</summary>
    public int ComparedDays { get; internal init; }
    /// <summary>How much the version contrast moves from day to day beyond sampling (0.15 ≈ 15%).</summary>
    public double? DayVariation { get; internal init; }
    /// <summary>One comparison per device family's version pair (one when every family runs the same versions).</summary>
    public IReadOnlyList<VersionComparison> Comparisons { get; internal init; } = Array.Empty<VersionComparison>();
    /// <summary>The slices (deviceModel, osVersion) that carry a Regressed or Improved change, most excess events first.</summary>
    public IReadOnlyList<HealthDriver> Drivers { get; internal init; } = Array.Empty<HealthDriver>();
    /// <summary>The first of <see cref="Drivers"/>, or null.</summary>
    public HealthDriver? TopDriver => Drivers.Count > 0 ? Drivers[0] : null;
    /// <summary>What the numbers mean in words: a device-mix shift, per-family pairs, the slice that carries a change; null when nothing needs saying.</summary>
    public string? Explanation { get; private set; }
    /// <summary>The confidence the check was asked for.</summary>
    public double Confidence { get; internal init; } = HealthPolicy.DefaultConfidence;
    /// <summary>The relative change a significant difference needed.</summary>
    public double MinChange { get; internal init; } = HealthPolicy.DefaultMinChange;
    /// <summary>Regressed, Improved, Stable, NotEnoughData or NotAvailable.</summary>
    public HealthVerdict Verdict { get; internal init; } = HealthVerdict.NotEnoughData;
    /// <summary>Why the measure is NotAvailable (what the server said); null otherwise.</summary>
    public string? Reason { get; internal init; }

    /// <summary>The threshold the user set for WindowRate, or null.</summary>
    public double? Threshold { get; internal init; }
    /// <summary>True when a threshold is set and WindowRate is above it.</summary>
    public bool AboveThreshold { get; internal init; }

    public override string ToString() => Messages.HealthMeasureSummary(this);

    internal MeasureHealth WithExplanation(string? explanation)
    {
        Explanation = explanation;
        return this;
    }
}

/// <summary>The judged health of one package: one <see cref="MeasureHealth"/> per measure, and whether it is healthy and why not.</summary>
public sealed class HealthReport
{
    internal HealthReport(string packageName, HealthWindow window, MeasureHealth crash, MeasureHealth anr, MeasureHealth lmk,
        IReadOnlyList<string> reasons, IReadOnlyList<string>? warnings = null)
    {
        Warnings = warnings ?? Array.Empty<string>();
        PackageName = packageName;
        Window = window;
        Crash = crash;
        Anr = anr;
        Lmk = lmk;
        Reasons = reasons;
    }

    public string PackageName { get; }
    public HealthWindow Window { get; }
    public MeasureHealth Crash { get; }
    public MeasureHealth Anr { get; }
    public MeasureHealth Lmk { get; }
    /// <summary>Crash, ANR and LMK, by position or by name: <c>$h.Measures['ANR']</c>.</summary>
    public MeasureHealthList Measures => new(new[] { Crash, Anr, Lmk });
    /// <summary>Why the package is not healthy; empty when it is.</summary>
    public IReadOnlyList<string> Reasons { get; }
    /// <summary>What could not be fetched, or a stalled feed: said apart from the reasons, and shown first.</summary>
    public IReadOnlyList<string> Warnings { get; }
    public bool Healthy => Reasons.Count == 0;
    /// <summary>
    /// The reasons that fail a release gate: a Regressed measure or a rate above a threshold. The
    /// other reasons (stale data, a measure not served) say the data cannot vouch for the release,
    /// not that the release is bad.
    /// </summary>
    public IReadOnlyList<string> Failures { get; internal init; } = Array.Empty<string>();

    /// <summary>True when LatestDaily is more than <see cref="HealthPolicy.StaleAfterDays"/> days before <see cref="Today"/>.</summary>
    public bool Stale { get; internal init; }
    /// <summary>The UTC date the report was judged on.</summary>
    public DateTime Today { get; internal init; }
    /// <summary>Today − LatestDaily, in days (1 for a feed on time).</summary>
    public int DataAgeDays { get; internal init; }
    /// <summary>The newest dates of the window that are provisional, shown but left out of the version test.</summary>
    public int ProvisionalDays { get; internal init; }
    /// <summary>The exclusive end of the settled dates: WindowEnd − ProvisionalDays.</summary>
    public DateTime SettledEnd { get; internal init; }
    public double Confidence { get; internal init; } = HealthPolicy.DefaultConfidence;
    public double MinChange { get; internal init; } = HealthPolicy.DefaultMinChange;
    public long MinDevices { get; internal init; } = HealthPolicy.DefaultMinDevices;
    /// <summary>The daily rates behind each measure, in <see cref="Measures"/>' order.</summary>
    public IReadOnlyList<HealthSeries> Series { get; internal set; } = Array.Empty<HealthSeries>();
    /// <summary>The crash issues of the newest version against the previous one's; null when -Top is 0 or they could not be fetched.</summary>
    public IssueComparison? CrashIssues { get; internal init; }
    public IssueComparison? AnrIssues { get; internal init; }
}

/// <summary>
/// An issues query's plan and its rows: by versionCode for the newest and the previous version
/// when the measure has them (<see cref="VersionColumn"/> &gt;= 0), else the window's top issues.
/// </summary>
public sealed class HealthIssues
{
    public HealthIssues(QueryPlan plan, IReadOnlyList<IssueRow> rows)
        : this(plan, rows, null, null, complete: true, rows.Count)
    {
    }

    public HealthIssues(QueryPlan plan, IReadOnlyList<IssueRow> rows, string? newVersion, string? previousVersion, bool complete, int top)
    {
        Plan = plan;
        Rows = rows;
        Top = top;
        NewVersion = newVersion;
        PreviousVersion = previousVersion;
        Complete = complete;
        VersionColumn = -1;
        for (var i = 0; i < plan.Schema.Dimensions.Count; i++)
        {
            if (string.Equals(plan.Schema.Dimensions[i], "versionCode", StringComparison.Ordinal))
                VersionColumn = i;
        }
    }

    public QueryPlan Plan { get; }
    public IReadOnlyList<IssueRow> Rows { get; }
    /// <summary>The version the rows were filtered to first; null for the window's top issues.</summary>
    public string? NewVersion { get; }
    /// <summary>The version compared with it; null when there is none.</summary>
    public string? PreviousVersion { get; }
    /// <summary>The index of versionCode in each row's dimensions; -1 when the rows are not by version.</summary>
    public int VersionColumn { get; }
    /// <summary>True when the rows are every issue of the query (no further page was left unread).</summary>
    public bool Complete { get; }
    /// <summary>How many issues of each version the check reports (-Top).</summary>
    public int Top { get; }

    /// <summary>The rows of one version, in the server's order (most events first).</summary>
    public IEnumerable<IssueRow> RowsOf(string version)
    {
        foreach (var row in Rows)
        {
            if (VersionColumn >= 0 && VersionColumn < row.Dimensions.Length && string.Equals(row.Dimensions[VersionColumn], version, StringComparison.Ordinal))
                yield return row;
        }
    }
}

/// <summary>One measure's date×version rows over the baseline and the window, or why it has none.</summary>
public sealed class MeasureRows
{
    public MeasureRows(HealthMeasure measure, IReadOnlyList<VersionDayRow> rows, VitalsException? failure, DateTime? latestDaily = null)
    {
        Measure = measure;
        Rows = rows;
        Failure = failure;
        LatestDaily = latestDaily;
    }

    /// <summary>The newest Daily date this measure's own set reports; null when unknown.</summary>
    public DateTime? LatestDaily { get; }

    public HealthMeasure Measure { get; }
    public IReadOnlyList<VersionDayRow> Rows { get; }
    /// <summary>Why the server did not serve this measure; null when it did.</summary>
    public VitalsException? Failure { get; }

    public static MeasureRows NotAvailable(HealthMeasure measure, VitalsException failure) => new(measure, Array.Empty<VersionDayRow>(), failure);
}

/// <summary>What a health check fetched for one package.</summary>
public sealed class HealthData
{
    public HealthData(string packageName, HealthWindow window, IReadOnlyList<MeasureRows> measures, HealthIssues? crashIssues,
        HealthIssues? anrIssues, IReadOnlyList<string>? warnings = null)
    {
        PackageName = packageName;
        Window = window;
        Measures = measures;
        CrashIssues = crashIssues;
        AnrIssues = anrIssues;
        Warnings = warnings ?? Array.Empty<string>();
    }

    public string PackageName { get; }
    public HealthWindow Window { get; }
    /// <summary>Crash, ANR and LMK, in <see cref="HealthMeasure.All"/>'s order.</summary>
    public IReadOnlyList<MeasureRows> Measures { get; }
    /// <summary>Date×version rows over the baseline and the window (empty when not available).</summary>
    public IReadOnlyList<VersionDayRow> Crash => Measures[0].Rows;
    public IReadOnlyList<VersionDayRow> Anr => Measures[1].Rows;
    public IReadOnlyList<VersionDayRow> Lmk => Measures[2].Rows;
    /// <summary>The top crash issues of the window; null when none were asked for or they could not be fetched.</summary>
    public HealthIssues? CrashIssues { get; }
    public HealthIssues? AnrIssues { get; }
    /// <summary>What could not be fetched but does not decide the verdict.</summary>
    public IReadOnlyList<string> Warnings { get; }
}

/// <summary>The measures of a report, addressed by position or by name (Crash, ANR, LMK, any case, or the metric set's name).</summary>
public sealed class MeasureHealthList : IReadOnlyList<MeasureHealth>
{
    private readonly MeasureHealth[] _items;

    public MeasureHealthList(IEnumerable<MeasureHealth> items) => _items = System.Linq.Enumerable.ToArray(items);

    public int Count => _items.Length;

    public MeasureHealth this[int index] => _items[index];

    /// <summary>The measure of that name or metric set; null when there is none.</summary>
    public MeasureHealth? this[string name] => System.Linq.Enumerable.FirstOrDefault(_items, m =>
        string.Equals(m.Measure, name, StringComparison.OrdinalIgnoreCase) || string.Equals(m.MetricSet, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerator<MeasureHealth> GetEnumerator() => ((IEnumerable<MeasureHealth>)_items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
