using System;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;
using static AmazonVitals.Client.Wire.JsonReading;

namespace AmazonVitals.Client.Wire.V1;

/// <summary>
/// Reads V1 row objects into typed columns: the one place a row's <c>dimensions</c>, <c>metrics</c>
/// and <c>startTime</c> are understood. The same code checks a whole page when it arrives (no
/// strings made, nothing kept) and then reads its rows one at a time as they are used, so what is
/// accepted when checking is exactly what is read later.
/// </summary>
internal sealed partial class V1RowReader : MetricRowReader
{
    private readonly QueryPlan? _plan;
    private readonly bool _trim;
    // The page's bytes, owned here from the moment the rows are opened: given back after the last
    // row, or when the reader is disposed (see ResponseBody).
    private readonly ResponseBody? _body;
    private readonly StringCache? _strings;
    private V1RowsCursor _cursor;
    private bool _done;
    // False: every row is read by Utf8JsonReader (tests compare the two ways).
    private readonly bool _compact;
    // The last compact row's startTime fields, and the instant they meant.
    private int _lastYear = -1, _lastMonth, _lastDay, _lastHours, _lastMinutes, _lastSeconds;
    private DateTime _compactTime;
    // Servers list a row's pairs in the same order row after row: the column the k-th pair named
    // last time is tried first. -1: no guess yet.
    private readonly int[] _dimensionHints;
    private readonly int[] _metricHints;
    // Rows of one period come together: the last startTime as sent, and the instant it meant.
    private readonly byte[] _lastTimeText = new byte[64];
    private int _lastTimeLength = -1;
    private DateTime _lastTime;

    /// <summary>A reader with no page: somewhere to put one row's values while checking a page or reading an issue.</summary>
    public V1RowReader(RowSchema schema, bool compact = true) : base(schema)
    {
        _done = true;
        _compact = compact;
        (_dimensionHints, _metricHints) = NoHints(schema);
    }

    /// <summary>
    /// A page's rows, from the <paramref name="body"/> this reader now owns: <paramref name="position"/>
    /// and <paramref name="state"/> are where the checking pass stood just inside the rows array, so
    /// reading resumes there without the envelope.
    /// </summary>
    public V1RowReader(QueryPlan plan, bool trim, ResponseBody body, int position, JsonReaderState state, StringCache strings, bool compact = true)
        : base(plan.Schema)
    {
        _plan = plan;
        _trim = trim;
        _body = body;
        _cursor = new V1RowsCursor(position, state);
        _strings = strings;
        _compact = compact;
        (_dimensionHints, _metricHints) = NoHints(plan.Schema);
    }

    private static (int[], int[]) NoHints(RowSchema schema)
    {
        var dimensions = new int[schema.Dimensions.Count + 1];
        var metrics = new int[schema.Metrics.Count + 1];
        dimensions.AsSpan().Fill(-1);
        metrics.AsSpan().Fill(-1);
        return (dimensions, metrics);
    }

    [MethodImpl(HotPath.Optimized)]
    public override bool Read()
    {
        if (_body is null)
            return false;
        while (!_done)
        {
            // Throws once the body is disposed: its bytes may already be another page's.
            if (!ReadNextRow(_body.Span, ref _cursor, _strings))
            {
                _done = true;
                break;
            }
            if (!_trim || InWindow(_plan!, StartTime))
                return true;
        }
        // Past the last row the bytes are of no more use: back they go, for the next page.
        _body.Dispose();
        return false;
    }

    /// <summary>Gives the page's body back, whether or not every row was read.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _body?.Dispose();
    }

    /// <summary>Rows outside the instants asked for (V1 sends whole dates) are dropped.</summary>
    public static bool InWindow(QueryPlan plan, DateTime when) => when >= plan.Start && when < plan.End;

    /// <summary>
    /// Reads one rate row into this reader's current row (its <see cref="MetricRowReader.StartTime"/>
    /// too); the reader stands on its StartObject and reads <paramref name="input"/>. With no
    /// <paramref name="strings"/> the row is only checked: dimension values are not made into strings.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public DateTime ReadMetricRow(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, StringCache? strings)
    {
        Clear();
        DateTime? start = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("dimensions"u8))
                ReadPairs(ref reader, strings, isMetric: false);
            else if (reader.ValueTextEquals("metrics"u8))
                ReadPairs(ref reader, strings, isMetric: true);
            else if (reader.ValueTextEquals("startTime"u8))
                start = ReadStart(ref reader, input);
            else
                SkipValue(ref reader);
        }
        // A row without its period cannot be placed in time: it would show as year 1.
        StartTime = start ?? throw new WireValueException("a row has no startTime");
        return StartTime;
    }

    /// <summary>
    /// Reads a row's startTime; the reader stands on its property name. An object the same, byte
    /// for byte, as the last row's means the same instant: it is skipped rather than read again.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private DateTime ReadStart(ref Utf8JsonReader reader, ReadOnlySpan<byte> input)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            return V1Parser.ReadTimeValue(ref reader);
        var from = (int)reader.TokenStartIndex;
        reader.Skip();
        var text = input.Slice(from, (int)reader.TokenStartIndex + 1 - from);
        if (text.Length == _lastTimeLength && text.SequenceEqual(_lastTimeText.AsSpan(0, _lastTimeLength)))
            return _lastTime;
        var time = new Utf8JsonReader(text);
        time.Read();
        var when = V1Parser.ReadTimeValue(ref time);
        if (text.Length <= _lastTimeText.Length)
        {
            text.CopyTo(_lastTimeText);
            _lastTimeLength = text.Length;
            _lastTime = when;
        }
        return when;
    }

    /// <summary>Reads one issue; the reader stands on its StartObject.</summary>
    public IssueRow ReadIssueRow(ref Utf8JsonReader reader, StringCache strings)
    {
        Clear();
        string? descriptor = null, text = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("crashDescriptor"u8))
                descriptor = ReadOptionalString(ref reader);
            else if (reader.ValueTextEquals("reportText"u8))
                text = ReadOptionalString(ref reader);
            else if (reader.ValueTextEquals("dimensions"u8))
                ReadPairs(ref reader, strings, isMetric: false);
            else if (reader.ValueTextEquals("metrics"u8))
                ReadPairs(ref reader, strings, isMetric: true);
            else
                SkipValue(ref reader);
        }
        var dimensions = new string?[Schema.Dimensions.Count];
        Array.Copy(Text, dimensions, dimensions.Length);
        return new IssueRow(descriptor, text, CountOf("errorEventCount"u8), CountOf("affectedDeviceCount"u8), dimensions);
    }

    private long? CountOf(ReadOnlySpan<byte> metric)
    {
        var column = Schema.MetricIndex(metric);
        return column >= 0 && Present[column] && Kinds[column] == ColumnKind.Count ? Counts[column] : null;
    }

    /// <summary>Reads <c>[{"name":..,"value":..}, ...]</c> into the schema's columns; names the schema lacks are ignored.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void ReadPairs(ref Utf8JsonReader reader, StringCache? strings, bool isMetric)
    {
        reader.Read();
        ExpectArray(ref reader);
        var hints = isMetric ? _metricHints : _dimensionHints;
        var ordinal = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var column = -1;
            var value = default(Value);
            byte[]? pendingValue = null; // only when "value" comes before "name"
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    column = ColumnOf(Utf8(ref reader), isMetric, hints, ordinal);
                    if (pendingValue is not null && column >= 0)
                        value = Parse(pendingValue, column, strings);
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                        continue;
                    if (column >= 0)
                        value = Parse(Utf8(ref reader), column, strings);
                    else
                        pendingValue = Utf8(ref reader).ToArray();
                }
                else
                    SkipValue(ref reader);
            }
            if (column >= 0)
                Store(column, value);
            ordinal++;
        }
        ExpectEnd(ref reader, JsonTokenType.EndArray);
    }

    /// <summary>The column a pair's name maps to (-1: not one of the query's), trying the last row's answer for this position first.</summary>
    private int ColumnOf(ReadOnlySpan<byte> name, bool isMetric, int[] hints, int ordinal)
    {
        var hint = ordinal < hints.Length ? hints[ordinal] : -1;
        if (hint >= 0 && Schema.NameIs(hint, name))
            return hint;
        var column = isMetric ? Schema.MetricIndex(name) : Schema.DimensionIndex(name);
        if (ordinal < hints.Length)
            hints[ordinal] = column;
        return column;
    }

    [MethodImpl(HotPath.Optimized)]
    private void Store(int column, in Value value)
    {
        // One name twice in a row: which value is right cannot be known, even when one is null.
        // (Past 64 columns only a second non-null value is caught; no query has that many.)
        var bit = column < 64 ? 1UL << column : 0UL;
        if (bit != 0 ? (Named & bit) != 0 : Present[column] && value.Has)
            throw new WireValueException("'" + Schema.Columns[column] + "' appears twice in one row");
        Named |= bit;
        Present[column] = value.Has;
        switch (Kinds[column])
        {
            case ColumnKind.Text: Text[column] = value.Text; break;
            case ColumnKind.Count: Counts[column] = value.Count; break;
            default: Rates[column] = value.Rate; break;
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private Value Parse(ReadOnlySpan<byte> text, int column, StringCache? strings)
    {
        switch (Kinds[column])
        {
            case ColumnKind.Text:
                return new Value { Has = true, Text = strings?.Get(text, column) };
            case ColumnKind.Count:
                if (Utf8Parser.TryParse(text, out long count, out var used) && used == text.Length)
                    return new Value { Has = true, Count = count };
                // Out of Int64's range (or infinite) would convert to garbage, so it is a broken value instead.
                if (Utf8Parser.TryParse(text, out double whole, out used) && used == text.Length && Math.Abs(whole) < 9.2e18)
                    return new Value { Has = true, Count = (long)Math.Round(whole) };
                break;
            default:
                if (TryParsePlainDecimal(text, out var plain))
                    return new Value { Has = true, Rate = plain };
                if (Utf8Parser.TryParse(text, out double rate, out used) && used == text.Length && !double.IsNaN(rate) && !double.IsInfinity(rate))
                    return new Value { Has = true, Rate = rate };
                break;
        }
        throw new WireValueException(Messages.NotANumber(Schema.Columns[column], Utf8Text.GetString(text), Kinds[column] == ColumnKind.Count));
    }

    private static readonly double[] s_powersOfTen = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };

    /// <summary>
    /// Rates as servers send them, digits with one point ("0.010279"), without the general parser:
    /// at most 15 digits make an integer below 2^53 and 10^k (k at most 15) is exact, so the one
    /// division is correctly rounded, the same double the general parser gives (Clinger's fast
    /// path). Anything else (exponents, a sign other than '-', more digits) goes to the general parser.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = text.Length > 0 && text[0] == (byte)'-' ? 1 : 0;
        var negative = i == 1;
        long digits = 0;
        int count = 0, whole = 0, fraction = -1;
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'.')
            {
                if (fraction >= 0 || count == 0)
                    return false;
                fraction = 0;
                continue;
            }
            var digit = b - '0';
            if ((uint)digit > 9 || ++count > 15)
                return false;
            digits = digits * 10 + digit;
            if (fraction >= 0)
                fraction++;
            else
                whole++;
        }
        if (whole == 0 || fraction == 0)
            return false;
        var result = fraction > 0 ? digits / s_powersOfTen[fraction] : digits;
        value = negative ? -result : result;
        return true;
    }

    [MethodImpl(HotPath.Optimized)]
    private static ReadOnlySpan<byte> Utf8(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
            throw new WireValueException("Expected a string or number, found " + reader.TokenType + ".");
        // Escaped text is rare in names and values; unescape only then.
        return reader.ValueIsEscaped || reader.HasValueSequence
            ? Encoding.UTF8.GetBytes(ReadText(ref reader))
            : reader.ValueSpan;
    }

    /// <summary>One pair's value before it is stored: only the field of its column's kind is used.</summary>
    private struct Value
    {
        public bool Has;
        public string? Text;
        public long Count;
        public double Rate;
    }
}
