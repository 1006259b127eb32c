using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History;

/// <summary>
/// Where everything of a history dataset lives. Partitions are hive-style folders
/// (<c>package=…/metricSet=…/period=DAILY/date=YYYY-MM-DD/part-0.parquet</c>), so DuckDB, Spark,
/// Power BI and pandas derive those four columns from the path with no help from us. Our own files
/// start with an underscore, which those engines skip.
/// </summary>
internal sealed class HistoryLayout
{
    public const string PartFile = "part-0.parquet";
    public const string ManifestFile = "_dataset.json";
    public const string RevisionLogFile = "_revisions.jsonl";
    public const string LockFile = "_sync.lock";
    public const string LockOwnerFile = "_sync.owner.json";
    public const string StagingFolder = "_staging";

    private const string DateFormat = "yyyy-MM-dd";

    public HistoryLayout(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    public string Manifest => Path.Combine(Root, ManifestFile);
    public string RevisionLog => Path.Combine(Root, RevisionLogFile);
    public string Lock => Path.Combine(Root, LockFile);
    public string LockOwner => Path.Combine(Root, LockOwnerFile);
    /// <summary>Files being written; on the dataset's own volume, so moving one into place is one atomic rename.</summary>
    public string Staging => Path.Combine(Root, StagingFolder);

    public static string PeriodKey(AggregationPeriod period) => period == AggregationPeriod.Daily ? "DAILY" : "HOURLY";

    public string SetFolder(string package, string metricSet, AggregationPeriod period) =>
        Path.Combine(Root, "package=" + Safe(package, "-PackageName"), "metricSet=" + Safe(metricSet, "-MetricSet"), "period=" + PeriodKey(period));

    public string PartitionFile(string package, string metricSet, AggregationPeriod period, DateTime date) =>
        Path.Combine(SetFolder(package, metricSet, period), "date=" + date.ToString(DateFormat, CultureInfo.InvariantCulture), PartFile);

    /// <summary>The dates of a set that have a whole partition (a date folder without its file is not stored).</summary>
    public SortedSet<DateTime> StoredDates(string package, string metricSet, AggregationPeriod period)
    {
        var dates = new SortedSet<DateTime>();
        var folder = SetFolder(package, metricSet, period);
        if (!Directory.Exists(folder))
            return dates;
        foreach (var dateFolder in Directory.EnumerateDirectories(folder, "date=*"))
        {
            if (ParseKey(dateFolder, "date") is { } text
                && DateTime.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
                && File.Exists(Path.Combine(dateFolder, PartFile)))
                dates.Add(DateTime.SpecifyKind(date, DateTimeKind.Utc));
        }
        return dates;
    }

    /// <summary>The packages the dataset holds (folder names), in order.</summary>
    public IEnumerable<string> Packages() => KeysUnder(Root, "package");

    /// <summary>The metric sets one package holds for a period.</summary>
    public IEnumerable<string> MetricSets(string package, AggregationPeriod period) =>
        KeysUnder(Path.Combine(Root, "package=" + package), "metricSet")
            .Where(set => Directory.Exists(SetFolder(package, set, period)));

    private static IEnumerable<string> KeysUnder(string folder, string key) =>
        Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder, key + "=*").Select(d => ParseKey(d, key)).OfType<string>().OrderBy(k => k, StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    private static string? ParseKey(string folder, string key)
    {
        var name = Path.GetFileName(folder);
        return name.StartsWith(key + "=", StringComparison.Ordinal) && name.Length > key.Length + 1 ? name.Substring(key.Length + 1) : null;
    }

    /// <summary>
    /// A name that becomes a folder: package names and metric sets are letters, digits, dots and
    /// underscores, so anything else (a path separator, "..") is refused rather than escaped, and a
    /// dataset's folder names always read back as the names they were written from.
    /// </summary>
    private static string Safe(string name, string parameter)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.Any(c => !(char.IsLetterOrDigit(c) || c is '.' or '_' or '-')))
            throw new VitalsValidationException("HistoryNameNotSafe", parameter, name, Messages.HistoryNameNotSafe(parameter, name));
        return name;
    }
}
