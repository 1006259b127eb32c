using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AmazonVitals.Emulator.Profiles;
using AmazonVitals.Emulator.Queries;

namespace AmazonVitals.Emulator.Data;

/// <summary>
/// The rows of one issuesMetricSet query: one per signature (and per dimension combination when
/// dimensions are asked for), summed over the window, ranked by errorEventCount, most first. Rows
/// with no events are left out, as a real report would.
/// </summary>
public sealed class IssueSeries
{
    private readonly VitalsQuery _query;
    private readonly IReadOnlyList<IssueSignature> _signatures;
    private readonly int[] _dims;
    private readonly int[][] _allowed;
    private readonly IssueRow[] _rows;
    private readonly JsonEncodedText[] _metricNames;
    private readonly bool _unknownFields;

    /// <param name="query">The parsed query.</param>
    /// <param name="windows">The data windows as of the emulator's clock.</param>
    /// <param name="unknownFields">Strict: each row and metric pair carries fields no client knows.</param>
    public IssueSeries(VitalsQuery query, DataWindows windows, bool unknownFields)
    {
        _query = query;
        _unknownFields = unknownFields;
        var package = PackageProfile.Find(query.Package) ?? throw new InvalidOperationException($"No profile for {query.Package}");
        var reportType = query.ReportType ?? "CRASH";
        _signatures = IssueCatalog.For(package, reportType);
        _dims = query.Dimensions;
        _allowed = [.. _dims.Select(d => query.Filter[d] ?? Enumerable.Range(0, Catalog.DimensionValues[d].Count).ToArray())];
        _metricNames = [.. query.Metrics.Select(m => JsonEncodedText.Encode(m.Name))];

        var last = windows.LatestDaily.AddDays(1);
        var combos = _allowed.Aggregate(1L, (n, a) => n * a.Length);
        var rows = new List<IssueRow>();
        foreach (var signature in _signatures)
        {
            var total = 0.0;
            for (var date = query.Start; date < query.End && date < last; date = date.AddDays(1))
            {
                total += IssueCatalog.EventsOn(package, signature, reportType, date);
            }

            if (total <= 0)
            {
                continue;
            }

            var shares = package.Shares.ToArray();
            if (signature.VersionShares != null)
            {
                shares[0] = signature.VersionShares;
            }

            // A coupled package's events are spread over versions and models as its devices are.
            var pair = package.Coupling == null ? null : new VersionModelCells(package, shares[0], null, query.Filter, _dims);
            bool IsPaired(int d) => pair != null && VersionModelCells.Couples(d);
            var missing = 1.0;
            for (var d = 0; d < shares.Length; d++)
            {
                if (Array.IndexOf(_dims, d) < 0 && query.Filter[d] is { } allowed && !IsPaired(d))
                {
                    missing *= allowed.Sum(v => shares[d][v]);
                }
            }

            for (long c = 0; c < combos; c++)
            {
                var share = missing;
                var rest = c;
                var (version, model) = (0, 0);
                for (var j = _dims.Length - 1; j >= 0; j--)
                {
                    var len = _allowed[j].Length;
                    var (d, v) = (_dims[j], _allowed[j][(int)(rest % len)]);
                    rest /= len;
                    if (!IsPaired(d))
                    {
                        share *= shares[d][v];
                    }
                    else if (d == VersionModelCells.VersionDimension)
                    {
                        version = v;
                    }
                    else
                    {
                        model = v;
                    }
                }

                if (pair != null)
                {
                    share *= pair.Share(version, model);
                }

                var events = (long)Math.Round(total * share);
                if (events > 0)
                {
                    var h = StableHash.Combine((ulong)signature.Index, (ulong)c, package.Seed);
                    var devices = Math.Max(1, Math.Min(events, (long)Math.Round(events * StableHash.Between(h, 0.55, 0.8))));
                    rows.Add(new IssueRow(signature.Index, c, events, devices));
                }
            }
        }

        rows.Sort(static (a, b) =>
            b.Events != a.Events ? b.Events.CompareTo(a.Events)
            : a.Signature != b.Signature ? a.Signature.CompareTo(b.Signature)
            : a.Combo.CompareTo(b.Combo));
        _rows = [.. rows];
    }

    public long Total => _rows.Length;

    public void WriteRows(Utf8JsonWriter w, long offset, int count)
    {
        Span<byte> number = stackalloc byte[32];
        Span<int> values = stackalloc int[Math.Max(1, _dims.Length)];
        var end = Math.Min(Total, offset + count);
        for (var r = offset; r < end; r++)
        {
            var row = _rows[r];
            var signature = _signatures[row.Signature];
            w.WriteStartObject();
            w.WriteString(JsonNames.CrashDescriptor, signature.Descriptor);
            w.WriteString(JsonNames.ReportText, signature.ReportText);
            if (_unknownFields)
            {
                UnknownFields.WriteRowAnnotations(w);
            }

            if (_dims.Length > 0)
            {
                w.WriteStartArray(JsonNames.Dimensions);
                var rest = row.Combo;
                for (var j = _dims.Length - 1; j >= 0; j--)
                {
                    var len = _allowed[j].Length;
                    values[j] = _allowed[j][(int)(rest % len)];
                    rest /= len;
                }

                JsonNames.WriteDimensionPairs(w, _dims, values);

                w.WriteEndArray();
            }

            w.WriteStartArray(JsonNames.Metrics);
            for (var m = 0; m < _query.Metrics.Count; m++)
            {
                var kind = _query.Metrics[m].Kind;
                var value = kind == MetricKind.Devices ? row.Devices : row.Events;
                value.TryFormat(number, out var written, default, CultureInfo.InvariantCulture);
                JsonNames.WriteMetricPair(w, _metricNames[m], number[..written], kind, _unknownFields);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private readonly record struct IssueRow(int Signature, long Combo, long Events, long Devices);
}
