using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History;

/// <summary>
/// The dataset's one promise about its rows: for each metric set and period, the dimensions and
/// metrics every stored row has. The first sync of a set writes it; a later sync that asks for
/// other columns is refused, because its rows could not be compared with the ones stored.
/// </summary>
internal sealed class HistoryManifest
{
    public const string FormatName = "AmazonVitals.History/1";

    private readonly Dictionary<string, HistoryShape> _shapes;

    private HistoryManifest(Dictionary<string, HistoryShape> shapes) => _shapes = shapes;

    /// <summary>The manifest in <paramref name="layout"/>, or an empty one for a new dataset.</summary>
    public static HistoryManifest Load(HistoryLayout layout)
    {
        if (!File.Exists(layout.Manifest))
            return new HistoryManifest(new Dictionary<string, HistoryShape>(StringComparer.Ordinal));
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(layout.Manifest));
            var root = doc.RootElement;
            if (!root.TryGetProperty("format", out var format) || format.GetString() != FormatName)
                throw NotADataset(layout, "its format is not " + FormatName);
            var shapes = new Dictionary<string, HistoryShape>(StringComparer.Ordinal);
            foreach (var set in root.GetProperty("sets").EnumerateObject())
                shapes[set.Name] = new HistoryShape(Strings(set.Value, "dimensions"), Strings(set.Value, "metrics"));
            return new HistoryManifest(shapes);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw NotADataset(layout, e.Message);
        }
    }

    public HistoryShape? ShapeOf(string metricSet, AggregationPeriod period) =>
        _shapes.TryGetValue(Key(metricSet, period), out var shape) ? shape : null;

    /// <summary>Records a set's shape and writes the manifest whole (a new file renamed over the old).</summary>
    public void Record(HistoryLayout layout, string metricSet, AggregationPeriod period, HistoryShape shape)
    {
        _shapes[Key(metricSet, period)] = shape;
        var staged = Path.Combine(layout.Staging, HistoryLayout.ManifestFile + "." + Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(staged, FileMode.CreateNew, FileAccess.Write))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteStartObject("sets");
            foreach (var pair in _shapes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(pair.Key);
                WriteStrings(w, "dimensions", pair.Value.Dimensions);
                WriteStrings(w, "metrics", pair.Value.Metrics);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        HistoryFiles.Replace(staged, layout.Manifest);
    }

    private static string Key(string metricSet, AggregationPeriod period) => metricSet + "/" + HistoryLayout.PeriodKey(period);

    private static string[] Strings(JsonElement parent, string name) =>
        parent.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? throw new InvalidOperationException(name + " holds a null")).ToArray();

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }

    private static VitalsException NotADataset(HistoryLayout layout, string why) =>
        new(Messages.HistoryManifestUnreadable(layout.Manifest, why), VitalsErrorKind.StoreDamaged, "HistoryManifestUnreadable");
}

/// <summary>The columns every row of one stored set has: its dimensions and its metrics, in order.</summary>
public sealed class HistoryShape
{
    public HistoryShape(IReadOnlyList<string> dimensions, IReadOnlyList<string> metrics)
    {
        Dimensions = dimensions;
        Metrics = metrics;
    }

    public IReadOnlyList<string> Dimensions { get; }
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Same names in the same order: names are exact here, because the planner has already put them in the server's case.</summary>
    public bool SameAs(HistoryShape other) =>
        Dimensions.SequenceEqual(other.Dimensions, StringComparer.Ordinal) && Metrics.SequenceEqual(other.Metrics, StringComparer.Ordinal);

    public override string ToString() =>
        "dimensions [" + string.Join(", ", Dimensions) + "], metrics [" + string.Join(", ", Metrics) + "]";
}
