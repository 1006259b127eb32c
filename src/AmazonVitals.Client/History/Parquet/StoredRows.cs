using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Wire;
using Parquet;
using Parquet.Schema;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// One row group of a stored partition, read into typed columns, with the rows a read keeps (its
/// window and filter) picked out. It becomes one page, read by the same row reader interface a
/// server page is, so stored rows turn into the same row objects Invoke-VitalsQuery writes.
/// </summary>
internal sealed class StoredRowGroup
{
    private StoredRowGroup(RowSchema schema, DateTime[] startTimes, object?[] columns, int[] kept)
    {
        Schema = schema;
        StartTimes = startTimes;
        Columns = columns;
        Kept = kept;
    }

    public RowSchema Schema { get; }
    public DateTime[] StartTimes { get; }
    /// <summary>Per schema column: string?[], long?[] or double?[] (null where the file lacks the column).</summary>
    public object?[] Columns { get; }
    /// <summary>The row indexes the read keeps, in file order.</summary>
    public int[] Kept { get; }

    /// <summary>No rows: the one page of a read that finds no stored partition.</summary>
    public static StoredRowGroup None(RowSchema schema) => new(schema, Array.Empty<DateTime>(), new object?[schema.Columns.Count], Array.Empty<int>());

    /// <summary>Reads row group <paramref name="group"/> of <paramref name="file"/> and picks the rows <paramref name="plan"/> keeps.</summary>
    /// <param name="file">An open partition file.</param>
    /// <param name="group">The row group's index.</param>
    /// <param name="plan">The read: its columns, window and filter.</param>
    /// <param name="strings">The read's dimension values, so a value repeated on every row is one string (see <see cref="ReadTextAsync"/>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async Task<StoredRowGroup> ReadAsync(ParquetReader file, int group, QueryPlan plan, StringCache strings, CancellationToken cancellationToken)
    {
        var schema = plan.Schema;
        using var reader = file.OpenRowGroupReader(group);
        var count = checked((int)reader.RowCount);
        var startTimes = new DateTime[count];
        var fields = file.Schema.DataFields;
        await reader.ReadAsync<DateTime>(Field(fields, ParquetColumns.StartTimeName)!, startTimes, null, cancellationToken).ConfigureAwait(false);
        var columns = new object?[schema.Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            if (Field(fields, schema.Columns[c]) is not { } field)
                continue;
            switch (schema.KindOf(c))
            {
                case ColumnKind.Text:
                    columns[c] = await ReadTextAsync(reader, field, count, strings, c, cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnKind.Count:
                    var counts = new long?[count];
                    await reader.ReadAsync<long>(field, counts, null, cancellationToken).ConfigureAwait(false);
                    columns[c] = counts;
                    break;
                default:
                    var rates = new double?[count];
                    await reader.ReadAsync<double>(field, rates, null, cancellationToken).ConfigureAwait(false);
                    columns[c] = rates;
                    break;
            }
        }
        return new StoredRowGroup(schema, startTimes, columns, Keep(plan, startTimes, columns));
    }

    /// <summary>
    /// A text column, each value looked up in <paramref name="strings"/>: Parquet.Net's own string
    /// read makes a new string for every row, a handful of values repeated on every row here.
    /// </summary>
    private static async Task<string?[]> ReadTextAsync(ParquetRowGroupReader reader, DataField field, int count, StringCache strings, int column, CancellationToken cancellationToken)
    {
        var raw = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(count);
        var levels = field.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(count) : null;
        try
        {
            await reader.ReadRawAsync(field, raw.AsMemory(0, count), levels?.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
            var text = new string?[count];
            var next = 0;
            for (var r = 0; r < count; r++)
            {
                // Values come packed: a row whose definition level is short of the field's is null and takes none.
                if (levels is null || levels[r] == field.MaxDefinitionLevel)
                    text[r] = strings.Get(raw[next++].Span, column);
            }
            return text;
        }
        finally
        {
            // The pooled array must not keep the decoded chars alive.
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(raw, clearArray: true);
            if (levels is not null)
                ArrayPool<int>.Shared.Return(levels);
        }
    }

    private static DataField? Field(DataField[] fields, string name) => fields.FirstOrDefault(f => f.Name == name);

    private static int[] Keep(QueryPlan plan, DateTime[] startTimes, object?[] columns)
    {
        var schema = plan.Schema;
        var checks = new List<(string?[] Values, HashSet<string> Allowed)>();
        foreach (var pair in plan.Filter)
        {
            var index = schema.DimensionIndex(pair.Key, StringComparison.OrdinalIgnoreCase);
            // A filter on a dimension the dataset does not hold keeps nothing, as the server's would.
            if (index < 0 || columns[index] is not string?[] values)
                return Array.Empty<int>();
            checks.Add((values, new HashSet<string>(pair.Value, StringComparer.Ordinal)));
        }
        var kept = new List<int>(startTimes.Length);
        for (var r = 0; r < startTimes.Length; r++)
        {
            var t = startTimes[r];
            if (t < plan.Start || t >= plan.End)
                continue;
            if (Allowed(checks, r))
                kept.Add(r);
        }
        return kept.ToArray();
    }

    // A loop, not a lambda: a closure over the row would be an allocation per row.
    private static bool Allowed(List<(string?[] Values, HashSet<string> Allowed)> checks, int row)
    {
        foreach (var (values, allowed) in checks)
        {
            if (values[row] is not { } value || !allowed.Contains(value))
                return false;
        }
        return true;
    }
}

/// <summary>Reads the kept rows of a <see cref="StoredRowGroup"/>, one at a time, like a server page's row reader.</summary>
internal sealed class StoredRowReader : MetricRowReader
{
    private readonly StoredRowGroup _group;
    // The columns by kind, fetched from the group once, so a row costs no type test per column.
    private readonly string?[]?[] _text;
    private readonly long?[]?[] _counts;
    private readonly double?[]?[] _rates;
    private int _next;

    public StoredRowReader(StoredRowGroup group)
        : base(group.Schema)
    {
        _group = group;
        var n = group.Columns.Length;
        _text = new string?[]?[n];
        _counts = new long?[]?[n];
        _rates = new double?[]?[n];
        for (var c = 0; c < n; c++)
        {
            _text[c] = group.Columns[c] as string?[];
            _counts[c] = group.Columns[c] as long?[];
            _rates[c] = group.Columns[c] as double?[];
        }
    }

    public override bool Read()
    {
        if (_next >= _group.Kept.Length)
            return false;
        var r = _group.Kept[_next++];
        Clear();
        StartTime = DateTime.SpecifyKind(_group.StartTimes[r], DateTimeKind.Utc);
        for (var c = 0; c < _text.Length; c++)
        {
            if (_text[c] is { } text)
            {
                if (text[r] is { } value)
                {
                    Text[c] = value;
                    Present[c] = true;
                }
            }
            else if (_counts[c] is { } counts)
            {
                if (counts[r] is { } count)
                {
                    Counts[c] = count;
                    Present[c] = true;
                }
            }
            else if (_rates[c] is { } rates && rates[r] is { } rate)
            {
                Rates[c] = rate;
                Present[c] = true;
            }
        }
        return true;
    }
}
