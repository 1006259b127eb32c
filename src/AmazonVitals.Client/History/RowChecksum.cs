using System;
using System.Globalization;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History;

/// <summary>
/// A fingerprint of a date's rows that does not depend on their order: the server promises no
/// row order, so the same rows paged differently must not count as a revision. Each row is hashed
/// on its own (FNV-1a over its start time and every column, with presence), and the row hashes are
/// summed and mixed into 128 bits, with the row count.
/// </summary>
internal sealed class RowChecksum
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private ulong _sum;
    private ulong _mixed;

    public long Rows { get; private set; }

    public void Add(MetricRowReader row) => Add(Hash(row));

    /// <summary>Adds a row by its <see cref="Hash(MetricRowReader)"/>, taken when the row was read.</summary>
    public void Add(ulong h)
    {
        _sum += h;
        _mixed += (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9UL;
        Rows++;
    }

    /// <summary>One row's hash: its start time and every column, with presence.</summary>
    public static ulong Hash(MetricRowReader row)
    {
        var h = Mix(Offset, (ulong)row.StartTime.Ticks);
        var kinds = row.Schema.Kinds;
        for (var c = 0; c < kinds.Length; c++)
        {
            if (!row.HasValue(c))
            {
                h = Mix(h, 0x9E3779B97F4A7C15UL);
                continue;
            }
            switch (kinds[c])
            {
                case ColumnKind.Text:
                    foreach (var ch in row.GetText(c) ?? "")
                        h = Mix(h, ch);
                    h = Mix(h, 0x1F);
                    break;
                case ColumnKind.Count:
                    h = Mix(h, (ulong)row.GetCount(c));
                    break;
                default:
                    h = Mix(h, (ulong)BitConverter.DoubleToInt64Bits(row.GetRate(c)));
                    break;
            }
        }
        return h;
    }

    /// <summary>A row given as text fields (an issue), hashed the same way.</summary>
    public static ulong Hash(params string?[] fields)
    {
        var h = Offset;
        foreach (var field in fields)
        {
            foreach (var ch in field ?? "")
                h = Mix(h, ch);
            h = Mix(h, field is null ? 0x9E3779B97F4A7C15UL : 0x1F);
        }
        return h;
    }

    /// <summary>32 hex digits and the row count: "rows:hash".</summary>
    public string Value => Rows.ToString(CultureInfo.InvariantCulture) + ":" + _sum.ToString("x16", CultureInfo.InvariantCulture) + _mixed.ToString("x16", CultureInfo.InvariantCulture);

    private static ulong Mix(ulong hash, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (value & 0xFF)) * Prime;
            value >>= 8;
        }
        return hash;
    }
}
