using System;
using System.Collections.Generic;
using System.Linq;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Health;

/// <summary>What became of an issue from the previous version to the newest. An enum that prints and compares as its name.</summary>
public enum IssueStatus
{
    /// <summary>No second version to compare with: the issue is only one of the top.</summary>
    NotCompared,
    /// <summary>In the newest version's top, and absent from the previous version's issues.</summary>
    New,
    /// <summary>In the newest version's top, with events per device-day up by the test of the measures (significant and at least MinChange).</summary>
    Regressed,
    /// <summary>In the newest version's top and in the previous version, and not Regressed.</summary>
    Persisting,
    /// <summary>In the previous version's top, and absent from the newest version's issues.</summary>
    Gone,
}

/// <summary>The order of issues in a report.</summary>
public static class IssueStatusOrder
{
    /// <summary>What needs action first: New, Regressed, then Persisting and NotCompared, then Gone.</summary>
    public static int Rank(IssueStatus status) => status switch
    {
        IssueStatus.New => 0,
        IssueStatus.Regressed => 1,
        IssueStatus.Persisting => 2,
        IssueStatus.NotCompared => 2,
        _ => 3,
    };
}

/// <summary>
/// One crash or ANR issue (matched across versions by crashDescriptor) with its events on the
/// newest and the previous version, and its status. Rates are events per device-day of the version.
/// </summary>
public sealed class IssueChange
{
    /// <summary>Crash or Anr.</summary>
    public string ReportType { get; internal init; } = "";
    /// <summary>New, Regressed, Persisting, Gone or NotCompared (see <see cref="IssueStatus"/>).</summary>
    public IssueStatus Status { get; internal init; } = IssueStatus.NotCompared;
    public string? CrashDescriptor { get; internal init; }
    /// <summary>The whole trace, as the server sent it.</summary>
    public string? ReportText { get; internal init; }
    public string? NewVersion { get; internal init; }
    public string? PreviousVersion { get; internal init; }
    /// <summary>errorEventCount on the newest version over the window (0 when Gone).</summary>
    public long NewEvents { get; internal init; }
    public long NewAffectedDevices { get; internal init; }
    public long PreviousEvents { get; internal init; }
    public long PreviousAffectedDevices { get; internal init; }
    /// <summary>Events per device-day of the newest version; null without its device-days.</summary>
    public double? NewRate { get; internal init; }
    public double? PreviousRate { get; internal init; }
    /// <summary>(NewRate − PreviousRate) / PreviousRate; null when the previous rate is 0 or missing.</summary>
    public double? RelativeChange { get; internal init; }
    public double? ZScore { get; internal init; }
    public double? PValue { get; internal init; }
    /// <summary>1 for the newest version's most frequent issue; null when Gone.</summary>
    public int? Rank { get; internal init; }

    /// <summary>The first line of the trace, or the descriptor when there is no trace.</summary>
    public string FirstLine => FirstLineOf(ReportText) ?? CrashDescriptor ?? "";

    /// <summary>The package the issue was read for.</summary>
    public string? PackageName { get; internal init; }

    /// <summary>
    /// What tells this issue apart from others with the same first line: the first stack frame in
    /// the app's own code (see <see cref="AppFrameOf"/>), else the descriptor cut to 12 characters.
    /// </summary>
    public string AppFrame => AppFrameOf(ReportText, PackageName, CrashDescriptor);

    private const int ShortDescriptor = 12;

    /// <summary>
    /// The first frame of <paramref name="text"/> ("at x.y.Z.m(File.java:1)", without the "at ") in
    /// the package's code: a frame under the package name, else under its first two segments (the
    /// company's prefix, com.example for com.example.app). Without one, the descriptor, cut to
    /// 12 characters with an ellipsis; without a descriptor either, "".
    /// </summary>
    internal static string AppFrameOf(string? text, string? packageName, string? descriptor)
    {
        if (!string.IsNullOrEmpty(text) && !string.IsNullOrEmpty(packageName))
        {
            var frames = text!.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).Select(l => l.Substring(3).Trim()).ToList();
            var segments = packageName!.Split('.');
            var prefixes = new List<string> { packageName + "." };
            if (segments.Length > 2)
                prefixes.Add(segments[0] + "." + segments[1] + ".");
            foreach (var prefix in prefixes)
            {
                var frame = frames.FirstOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal));
                if (frame is not null)
                    return frame;
            }
        }
        if (string.IsNullOrEmpty(descriptor))
            return "";
        return descriptor!.Length <= ShortDescriptor ? descriptor : descriptor.Substring(0, ShortDescriptor - 1) + "\u2026";
    }

    public override string ToString() => Messages.IssueChangeSummary(this);

    internal static string? FirstLineOf(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var end = text!.IndexOf("\n", StringComparison.Ordinal);
        return (end < 0 ? text : text.Substring(0, end)).TrimEnd('\r');
    }
}

/// <summary>The issues of one report type: the newest version's top, each with its status, and the previous version's top that are gone.</summary>
public sealed class IssueComparison
{
    internal IssueComparison(ReportType reportType, string? newVersion, string? previousVersion, bool complete, IReadOnlyList<IssueChange> issues)
    {
        ReportType = reportType;
        NewVersion = newVersion;
        PreviousVersion = previousVersion;
        Complete = complete;
        Issues = issues;
    }

    public ReportType ReportType { get; }
    public string? NewVersion { get; }
    public string? PreviousVersion { get; }
    /// <summary>True when every issue of both versions was read: New and Gone are then certain, not only "not among the rows read".</summary>
    public bool Complete { get; }
    /// <summary>New and Regressed first, then Persisting (or NotCompared), then Gone; most events first within each.</summary>
    public IReadOnlyList<IssueChange> Issues { get; }

    /// <summary>
    /// Compares the newest version's top <paramref name="top"/> issues with the previous version's.
    /// <paramref name="newDeviceDays"/> and <paramref name="previousDeviceDays"/> are each version's
    /// Σ distinctDevices over the dates of the issues query (the rate of an issue is its events per
    /// device-day). Without versions, the rows are the window's top issues, NotCompared.
    /// </summary>
    public static IssueComparison Compare(HealthIssues issues, long newDeviceDays, long previousDeviceDays, int top, double confidence, double minChange)
    {
        var reportType = issues.Plan.ReportType ?? ReportType.Crash;
        var type = reportType.ToString();
        if (issues.NewVersion is not { } newVersion || issues.VersionColumn < 0)
        {
            var ranked = issues.Rows.Take(top).Select((row, i) => new IssueChange
            {
                ReportType = type,
                PackageName = issues.Plan.PackageName,
                CrashDescriptor = row.CrashDescriptor,
                ReportText = row.ReportText,
                NewEvents = row.ErrorEventCount ?? 0,
                NewAffectedDevices = row.AffectedDeviceCount ?? 0,
                Rank = i + 1,
            }).ToList();
            return new IssueComparison(reportType, null, null, issues.Complete, ranked);
        }

        var newest = Merge(issues.RowsOf(newVersion));
        var previousVersion = issues.PreviousVersion;
        var previous = previousVersion is null ? new List<IssueRow>() : Merge(issues.RowsOf(previousVersion));
        var previousByKey = previous.ToDictionary(Key, StringComparer.Ordinal);
        var newestKeys = new HashSet<string>(newest.Select(Key), StringComparer.Ordinal);
        double? Rate(long events, long deviceDays) => deviceDays > 0 ? (double)events / deviceDays : null;

        var changes = new List<IssueChange>();
        for (var i = 0; i < Math.Min(top, newest.Count); i++)
        {
            var row = newest[i];
            var events = row.ErrorEventCount ?? 0;
            previousByKey.TryGetValue(Key(row), out var before);
            var previousEvents = before?.ErrorEventCount ?? 0;
            var test = previousVersion is null || before is null ? null
                : ProportionTest.Compare(previousEvents, previousDeviceDays, events, newDeviceDays, confidence);
            var status = previousVersion is null ? IssueStatus.NotCompared
                : before is null ? IssueStatus.New
                : ProportionTest.Verdict(test, minChange) == HealthVerdict.Regressed ? IssueStatus.Regressed
                : IssueStatus.Persisting;
            changes.Add(new IssueChange
            {
                ReportType = type,
                PackageName = issues.Plan.PackageName,
                Status = status,
                CrashDescriptor = row.CrashDescriptor,
                ReportText = row.ReportText ?? before?.ReportText,
                NewVersion = newVersion,
                PreviousVersion = previousVersion,
                NewEvents = events,
                NewAffectedDevices = row.AffectedDeviceCount ?? 0,
                PreviousEvents = previousEvents,
                PreviousAffectedDevices = before?.AffectedDeviceCount ?? 0,
                NewRate = Rate(events, newDeviceDays),
                PreviousRate = previousVersion is null ? null : Rate(previousEvents, previousDeviceDays),
                RelativeChange = test?.RelativeChange,
                ZScore = test?.Z,
                PValue = test?.PValue,
                Rank = i + 1,
            });
        }
        for (var i = 0; i < Math.Min(top, previous.Count); i++)
        {
            var row = previous[i];
            if (newestKeys.Contains(Key(row)))
                continue;
            var events = row.ErrorEventCount ?? 0;
            changes.Add(new IssueChange
            {
                ReportType = type,
                PackageName = issues.Plan.PackageName,
                Status = IssueStatus.Gone,
                CrashDescriptor = row.CrashDescriptor,
                ReportText = row.ReportText,
                NewVersion = newVersion,
                PreviousVersion = previousVersion,
                PreviousEvents = events,
                PreviousAffectedDevices = row.AffectedDeviceCount ?? 0,
                NewRate = Rate(0, newDeviceDays),
                PreviousRate = Rate(events, previousDeviceDays),
            });
        }
        // A stable sort: within a status, the order above (most events first) stays.
        var ordered = changes.Select((c, i) => (c, i)).OrderBy(p => IssueStatusOrder.Rank(p.c.Status)).ThenBy(p => p.i).Select(p => p.c).ToList();
        return new IssueComparison(reportType, newVersion, previousVersion, issues.Complete, ordered);
    }

    /// <summary>An issue's identity: its crashDescriptor, else its trace.</summary>
    private static string Key(IssueRow row) => row.CrashDescriptor ?? row.ReportText ?? "";

    /// <summary>
    /// One row per issue, most events first: a server that splits an issue of one version over
    /// several rows (another dimension, a repeated row) has them summed here.
    /// </summary>
    private static List<IssueRow> Merge(IEnumerable<IssueRow> rows)
    {
        var merged = new Dictionary<string, (IssueRow First, long Events, long Devices, int Order)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = Key(row);
            merged[key] = merged.TryGetValue(key, out var seen)
                ? (seen.First, seen.Events + (row.ErrorEventCount ?? 0), seen.Devices + (row.AffectedDeviceCount ?? 0), seen.Order)
                : (row, row.ErrorEventCount ?? 0, row.AffectedDeviceCount ?? 0, merged.Count);
        }
        return merged.Values
            .OrderByDescending(m => m.Events).ThenBy(m => m.Order)
            .Select(m => new IssueRow(m.First.CrashDescriptor, m.First.ReportText, m.Events, m.Devices, m.First.Dimensions))
            .ToList();
    }
}
