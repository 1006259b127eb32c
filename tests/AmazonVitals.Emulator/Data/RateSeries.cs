using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AmazonVitals.Emulator.Profiles;
using AmazonVitals.Emulator.Queries;

namespace AmazonVitals.Emulator.Data;

/// <summary>
/// The rows of one rate-set query, addressable by index: row r is period r / combos and dimension
/// combination r % combos (last requested dimension varying fastest). Any page is computed directly,
/// without generating the rows before it.
/// </summary>
public sealed class RateSeries
{
    /// <summary>Below this many devices a row leaves out its userPerceived* metrics, as Amazon does for thin slices.</summary>
    public const long PerceivedMinimumDevices = 50;

    private readonly VitalsQuery _query;
    private readonly SetProfile _set;
    private readonly PeriodInfo[] _periods;
    private readonly int[] _dims;
    private readonly int[][] _allowed;
    private readonly long _combos;
    private readonly double _missingShare;
    private readonly double _missingFactor;
    private readonly VersionModelCells? _pair;
    private readonly MetricInfo[] _metrics;
    private readonly JsonEncodedText[] _metricNames;
    private readonly JsonEncodedText _periodName;
    private readonly bool _unknownFields;
    private readonly bool _interleaved;

    /// <param name="query">The parsed query.</param>
    /// <param name="windows">The data windows as of the emulator's clock.</param>
    /// <param name="unknownFields">Strict: each row and metric pair carries fields no client knows.</param>
    public RateSeries(VitalsQuery query, DataWindows windows, bool unknownFields)
    {
        _query = query;
        _unknownFields = unknownFields;
        _interleaved = windows.DatesInterleaved;
        var package = PackageProfile.Find(query.Package) ?? throw new InvalidOperationException($"No profile for {query.Package}");
        _set = package.ForSet(query.Set);
        _dims = query.Dimensions;
        _metrics = [.. query.Metrics];
        _metricNames = [.. _metrics.Select(m => JsonEncodedText.Encode(m.Name))];
        _periodName = query.Period == Period.Daily ? JsonNames.Daily : JsonNames.Hourly;
        _allowed = [.. _dims.Select(d => query.Filter[d] ?? Enumerable.Range(0, Catalog.DimensionValues[d].Count).ToArray())];

        // Dimensions not broken down are summed over (their filtered values only): the row's devices
        // shrink by the allowed share, and its rate is the device-weighted mean of the allowed values.
        // A coupled package's versionCode and deviceModel are summed in their pair's cells instead.
        _pair = package.Coupling == null ? null : new VersionModelCells(package, package.Shares[0], _set, query.Filter, _dims);
        _missingShare = 1;
        _missingFactor = 1;
        var empty = _allowed.Any(a => a.Length == 0);
        for (var d = 0; d < Catalog.Dimensions.Count; d++)
        {
            if (Array.IndexOf(_dims, d) >= 0)
            {
                continue;
            }

            var values = query.Filter[d] ?? Enumerable.Range(0, Catalog.DimensionValues[d].Count).ToArray();
            var share = values.Sum(v => package.Shares[d][v]);
            if (values.Length == 0 || share <= 0)
            {
                empty = true;
                continue;
            }

            if (IsPaired(d))
            {
                continue;
            }

            _missingShare *= share;
            _missingFactor *= values.Sum(v => package.Shares[d][v] * _set.Factors[d][v]) / share;
        }

        _combos = 1;
        foreach (var a in _allowed)
        {
            _combos *= a.Length;
        }

        _periods = empty ? [] : [.. Periods(query, windows)];
        Total = _periods.Length * _combos;
    }

    public long Total { get; }

    public void WriteRows(Utf8JsonWriter w, long offset, int count)
    {
        Span<int> values = stackalloc int[_dims.Length];
        Span<byte> number = stackalloc byte[32];
        var end = Math.Min(Total, offset + count);
        for (var r = offset; r < end; r++)
        {
            var period = _interleaved ? _periods[r % _periods.Length] : _periods[r / _combos];
            var c = _interleaved ? r / _periods.Length : r % _combos;
            var share = _missingShare;
            var factor = _missingFactor;
            var (version, model) = (0, 0);
            ulong key = 0;
            for (var j = _dims.Length - 1; j >= 0; j--)
            {
                var len = _allowed[j].Length;
                var v = _allowed[j][(int)(c % len)];
                c /= len;
                values[j] = v;
                var d = _dims[j];
                // Order-independent key: the same cell has the same noise whatever order dimensions were asked in.
                key |= (ulong)(v + 1) << (d * 6);
                if (IsPaired(d))
                {
                    // Kept for the pair's cell, which carries the share and factor of both.
                    if (d == VersionModelCells.VersionDimension)
                    {
                        version = v;
                    }
                    else
                    {
                        model = v;
                    }

                    continue;
                }

                share *= _set.Package.Shares[d][v];
                factor *= _set.Factors[d][v];
            }

            if (_pair != null)
            {
                share *= _pair.Share(version, model);
                factor *= _pair.Factor(version, model);
            }

            var rowHash = StableHash.Combine(_set.Seed, period.Ordinal, key);
            var devices = (long)Math.Round(period.Devices * share * StableHash.Between(rowHash ^ 0x11, 0.97, 1.03));
            var rate = Math.Min(1, _set.BaseRate * period.RateFactor * factor * StableHash.Between(rowHash ^ 0x22, 0.95, 1.05));

            w.WriteStartObject();
            w.WritePropertyName(JsonNames.StartTime);
            w.WriteStartObject();
            w.WriteNumber(JsonNames.Year, period.Year);
            w.WriteNumber(JsonNames.Month, period.Month);
            w.WriteNumber(JsonNames.Day, period.Day);
            if (period.Hour >= 0)
            {
                w.WriteNumber(JsonNames.Hours, period.Hour);
            }

            w.WriteEndObject();
            if (_unknownFields)
            {
                UnknownFields.WriteRowAnnotations(w);
            }

            w.WriteString(JsonNames.AggregationPeriod, _periodName);
            w.WriteStartArray(JsonNames.Dimensions);
            JsonNames.WriteDimensionPairs(w, _dims, values);

            w.WriteEndArray();
            w.WriteStartArray(JsonNames.Metrics);
            for (var m = 0; m < _metrics.Length; m++)
            {
                var metric = _metrics[m];
                if (metric.UserPerceived && devices < PerceivedMinimumDevices)
                {
                    continue;
                }

                int written;
                switch (metric.Kind)
                {
                    case MetricKind.Devices:
                        devices.TryFormat(number, out written, default, CultureInfo.InvariantCulture);
                        break;
                    case MetricKind.Count:
                        ((long)Math.Round(rate * devices * 1.2)).TryFormat(number, out written, default, CultureInfo.InvariantCulture);
                        break;
                    default:
                        var value = MetricRate(metric, period, factor, rowHash, rate, m);
                        value.TryFormat(number, out written, "0.######", CultureInfo.InvariantCulture);
                        break;
                }

                JsonNames.WriteMetricPair(w, _metricNames[m], number[..written], metric.Kind, _unknownFields);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    /// <summary>True for versionCode and deviceModel of a coupled package: their pair's cells carry their share and factor.</summary>
    private bool IsPaired(int dimension) => _pair != null && VersionModelCells.Couples(dimension);

    private double MetricRate(MetricInfo metric, PeriodInfo period, double factor, ulong rowHash, double rate, int index)
    {
        double value;
        if (metric.Window == Window.None)
        {
            value = _set.BaseFor(metric) == _set.BaseRate
                ? rate
                : _set.BaseFor(metric) * period.RateFactor * factor * StableHash.Between(rowHash ^ (ulong)(0x40 + index), 0.95, 1.05);
        }
        else
        {
            var window = metric.Window == Window.Days7 ? period.Window7 : period.Window28;
            value = _set.BaseRate * window * factor * StableHash.Between(rowHash ^ (ulong)metric.Window, 0.98, 1.02);
        }

        if (metric.UserPerceived)
        {
            value *= _set.PerceivedRatio * StableHash.Between(rowHash ^ (0x80 + (ulong)metric.Window), 0.97, 1.03);
        }

        return Math.Min(1, value);
    }

    private IEnumerable<PeriodInfo> Periods(VitalsQuery query, DataWindows windows)
    {
        if (query.Period == Period.Daily)
        {
            var last = windows.LatestDaily.AddDays(1);
            for (var date = query.Start; date < query.End && date < last; date = date.AddDays(1))
            {
                yield return new PeriodInfo(date, -1, _set.DayFactor(date), _set.Package.DevicesOn(date) * windows.ReportedShare(date),
                    _set.WindowFactor(date, 7), _set.WindowFactor(date, 28));
            }

            yield break;
        }

        for (var date = query.Start; date < query.End; date = date.AddDays(1))
        {
            for (var hour = 0; hour < 24; hour++)
            {
                if (date.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc) > windows.LatestHour)
                {
                    yield break;
                }

                // Devices seen in an hour are a few percent of the day's, more in the evening (UTC) peak.
                var diurnal = 0.5 - (0.5 * Math.Cos(2 * Math.PI * (hour - 4) / 24.0));
                var hourRate = 1 + (0.1 * Math.Sin(2 * Math.PI * hour / 24.0));
                yield return new PeriodInfo(date, hour, _set.DayFactor(date) * hourRate,
                    _set.Package.DevicesOn(date) * windows.ReportedShare(date) * (0.04 + (0.06 * diurnal)), 0, 0);
            }
        }
    }

    private readonly record struct PeriodInfo(DateOnly Date, int Hour, double RateFactor, double Devices, double Window7, double Window28)
    {
        public int Year => Date.Year;

        public int Month => Date.Month;

        public int Day => Date.Day;

        /// <summary>Hours since 0001-01-01 (DAILY uses hour 24 so it never collides with an HOURLY period).</summary>
        public ulong Ordinal => ((ulong)Date.DayNumber * 25) + (ulong)(Hour < 0 ? 24 : Hour);
    }
}
