using System;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Wire.V1;

/// <summary>
/// Where the next row of a page's rows array starts, and what the JSON reader would expect there.
/// Rows are read one at a time from here, by <see cref="V1RowReader.ReadNextRow"/>.
/// </summary>
internal struct V1RowsCursor
{
    /// <param name="offset">Just after the rows array's '['.</param>
    /// <param name="inArray">The reader's state standing on that '[': a value or ']' comes next.</param>
    public V1RowsCursor(int offset, JsonReaderState inArray)
    {
        Offset = offset;
        InArray = inArray;
        // The state after a row, for a reader started between rows: read from a row of its own
        // ("{}") at the same depth, since a state cannot be made any other way.
        var probe = new Utf8JsonReader("{}"u8, isFinalBlock: false, inArray);
        probe.Read();
        probe.Read();
        AfterRow = probe.CurrentState;
        RowsRead = false;
    }

    /// <summary>Where reading goes on: the '[' + 1 at first, then just after the last row's '}'; at the end, the ']'.</summary>
    public int Offset { get; set; }
    public bool RowsRead { get; set; }
    public JsonReaderState InArray { get; }
    public JsonReaderState AfterRow { get; }
}

internal sealed partial class V1RowReader
{
    /// <summary>
    /// Reads the next row of a rows array into the current row, or returns false at the array's
    /// end, with <paramref name="at"/> on its ']'. Rows written as every server we know writes them
    /// (no white space, no escapes, names as the reference orders them) are read straight from the
    /// bytes (<see cref="TryReadCompactRow"/>); anything else, a broken body included, is read by
    /// <see cref="Utf8JsonReader"/>, which decides what is valid JSON and what it means. The values
    /// go through the same column code either way, so a row means the same whichever read it.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public bool ReadNextRow(ReadOnlySpan<byte> input, ref V1RowsCursor at, StringCache? strings)
    {
        var p = at.Offset;
        // The common case: '{' after the '[' or after ",", then a compact row.
        var start = !at.RowsRead ? p : p + 1 < input.Length && input[p] == (byte)',' ? p + 1 : -1;
        if (start >= 0 && start < input.Length && input[start] == (byte)'{')
        {
            var end = _compact ? TryReadCompactRow(input, start, strings) : -1;
            if (end < 0)
                end = start + ReadWithReader(input.Slice(start), at.InArray, strings, out _);
            at.Offset = end;
            at.RowsRead = true;
            return true;
        }
        if (p < input.Length && input[p] == (byte)']')
            return false;
        // White space, a stray character, a value that is not a row: the reader's rules, from here.
        var rest = input.Slice(p);
        var used = ReadWithReader(rest, at.RowsRead ? at.AfterRow : at.InArray, strings, out var endAt);
        if (endAt >= 0)
        {
            at.Offset = p + endAt;
            return false;
        }
        at.Offset = p + used;
        at.RowsRead = true;
        return true;
    }

    /// <summary>
    /// Reads one row with <see cref="Utf8JsonReader"/> from a reader state that fits where
    /// <paramref name="input"/> starts; returns the bytes it used, or, where the array ends
    /// instead, sets <paramref name="endAt"/> to its ']'. A value that is not an object is the
    /// wrong shape, as it is for the page check.
    /// </summary>
    private int ReadWithReader(ReadOnlySpan<byte> input, JsonReaderState state, StringCache? strings, out int endAt)
    {
        var reader = new Utf8JsonReader(input, isFinalBlock: true, state);
        endAt = -1;
        if (!reader.Read())
            throw new JsonException("The body ended inside the rows array.");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            JsonReading.ExpectEnd(ref reader, JsonTokenType.EndArray);
            endAt = (int)reader.TokenStartIndex;
            return 0;
        }
        ReadMetricRow(ref reader, input, strings);
        return (int)reader.BytesConsumed;
    }

    /// <summary>
    /// Reads a row written compactly (no white space, names and values without escapes, pairs as
    /// <c>{"name":..,"value":..}</c> with string values, startTime as an object of whole numbers)
    /// straight from the bytes, and returns the offset after its '}'; or -1 for anything else, which
    /// the caller reads again with <see cref="Utf8JsonReader"/> (the current row is cleared there).
    /// Only valid JSON is taken, and each value goes through the same code as the reader's.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    internal int TryReadCompactRow(ReadOnlySpan<byte> input, int p, StringCache? strings)
    {
        Clear();
        var sawStart = false;
        p++; // '{'
        while (true)
        {
            var key = ReadCompactString(input, ref p);
            if (key < 0 || !At(input, p++, (byte)':'))
                return -1;
            var name = input.Slice(key, p - 2 - key);
            if (name.SequenceEqual("dimensions"u8) || name.SequenceEqual("metrics"u8))
            {
                if (!TryReadCompactPairs(input, ref p, strings, isMetric: name[0] == (byte)'m'))
                    return -1;
            }
            else if (name.SequenceEqual("startTime"u8))
            {
                if (!TryReadCompactTime(input, ref p))
                    return -1;
                sawStart = true;
            }
            else if (ReadCompactString(input, ref p) < 0)
                return -1; // aggregationPeriod, or a field we do not read: only a plain string is skipped here
            if (At(input, p, (byte)'}'))
                return sawStart ? p + 1 : -1;
            if (!At(input, p++, (byte)','))
                return -1;
        }
    }

    /// <summary>Reads <c>"text"</c> of printable ASCII without escapes at <paramref name="p"/>; returns where the text starts, p after the closing quote. -1: anything else.</summary>
    [MethodImpl(HotPath.Optimized)]
    private static int ReadCompactString(ReadOnlySpan<byte> input, ref int p)
    {
        if (!At(input, p, (byte)'"'))
            return -1;
        var start = p + 1;
        for (var i = start; i < input.Length; i++)
        {
            var b = input[i];
            if (b == (byte)'"')
            {
                p = i + 1;
                return start;
            }
            // Control characters are not JSON; escapes and other than ASCII are the reader's to judge.
            if (b < 0x20 || b > 0x7E || b == (byte)'\\')
                return -1;
        }
        return -1;
    }

    /// <summary>Reads <c>[{"name":"..","value":".."},...]</c> into the columns, as <see cref="ReadPairs"/> would.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool TryReadCompactPairs(ReadOnlySpan<byte> input, ref int p, StringCache? strings, bool isMetric)
    {
        if (!At(input, p++, (byte)'['))
            return false;
        if (At(input, p, (byte)']'))
        {
            p++;
            return true;
        }
        var hints = isMetric ? _metricHints : _dimensionHints;
        for (var ordinal = 0; ; ordinal++)
        {
            if (!At(input, p, (byte)'{') || !Follows(input, p + 1, "\"name\":"u8))
                return false;
            p += 8;
            var name = ReadCompactString(input, ref p);
            if (name < 0 || !Follows(input, p, ",\"value\":"u8))
                return false;
            var nameText = input.Slice(name, p - 1 - name);
            p += 9;
            var value = ReadCompactString(input, ref p);
            if (value < 0 || !At(input, p++, (byte)'}'))
                return false;
            var column = ColumnOf(nameText, isMetric, hints, ordinal);
            if (column >= 0)
                Store(column, Parse(input.Slice(value, p - 2 - value), column, strings));
            if (At(input, p, (byte)']'))
            {
                p++;
                return true;
            }
            if (!At(input, p++, (byte)','))
                return false;
        }
    }

    /// <summary>Reads <c>{"year":2026,"month":4,"day":20}</c> (hours, minutes, seconds too) into the row's StartTime, as <see cref="V1Parser.ReadTimeValue"/> would.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool TryReadCompactTime(ReadOnlySpan<byte> input, ref int p)
    {
        if (!At(input, p++, (byte)'{'))
            return false;
        int year = 0, month = 0, day = 0, hours = 0, minutes = 0, seconds = 0;
        while (true)
        {
            var key = ReadCompactString(input, ref p);
            if (key < 0 || !At(input, p++, (byte)':'))
                return false;
            var name = input.Slice(key, p - 2 - key);
            if (!TryReadCompactWhole(input, ref p, out var value))
                return false;
            if (name.SequenceEqual("year"u8)) year = value;
            else if (name.SequenceEqual("month"u8)) month = value;
            else if (name.SequenceEqual("day"u8)) day = value;
            else if (name.SequenceEqual("hours"u8)) hours = value;
            else if (name.SequenceEqual("minutes"u8)) minutes = value;
            else if (name.SequenceEqual("seconds"u8)) seconds = value;
            else return false;
            if (At(input, p, (byte)'}'))
                break;
            if (!At(input, p++, (byte)','))
                return false;
        }
        p++;
        // Rows of one period come together: the same fields as the last row's are the same instant.
        if (year != _lastYear || month != _lastMonth || day != _lastDay || hours != _lastHours || minutes != _lastMinutes || seconds != _lastSeconds)
        {
            if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hours > 23 || minutes > 59 || seconds > 59)
                return false; // not a date: the reader's path says why
            _compactTime = new DateTime(year, month, day, hours, minutes, seconds, DateTimeKind.Utc);
            (_lastYear, _lastMonth, _lastDay, _lastHours, _lastMinutes, _lastSeconds) = (year, month, day, hours, minutes, seconds);
        }
        StartTime = _compactTime;
        return true;
    }

    /// <summary>A JSON whole number of at most 9 digits (so it fits an Int32, as TryGetInt32 asks), no sign, no leading zero.</summary>
    [MethodImpl(HotPath.Optimized)]
    private static bool TryReadCompactWhole(ReadOnlySpan<byte> input, ref int p, out int value)
    {
        value = 0;
        var start = p;
        while (p < input.Length && (uint)(input[p] - '0') <= 9)
        {
            value = value * 10 + (input[p] - '0');
            p++;
        }
        var digits = p - start;
        return digits is > 0 and <= 9 && (digits == 1 || input[start] != (byte)'0')
            && p < input.Length && input[p] is (byte)',' or (byte)'}';
    }

    private static bool At(ReadOnlySpan<byte> input, int p, byte b) => p < input.Length && input[p] == b;

    private static bool Follows(ReadOnlySpan<byte> input, int p, ReadOnlySpan<byte> text) =>
        p + text.Length <= input.Length && input.Slice(p, text.Length).SequenceEqual(text);
}
