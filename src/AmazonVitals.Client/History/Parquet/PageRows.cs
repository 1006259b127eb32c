using System;
using System.Collections.Generic;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// One page's rows in typed columns, with each row's date and hash, in arrays a sync reuses page
/// after page: a sync's own memory is one page's columns, however many dates it has open. At the
/// end of a page, <see cref="Gather"/> copies one date's rows together for its row group (or hands
/// out the columns as they are when the whole page is that date, the usual case).
/// </summary>
internal sealed class PageRows
{
    private readonly RowSchema _schema;
    private DateTime[] _times = Array.Empty<DateTime>();
    private DateTime[] _dates = Array.Empty<DateTime>();
    private ulong[] _hashes = Array.Empty<ulong>();
    private readonly object[] _columns;
    // The rows of one date, gathered: the same shapes, reused.
    private DateTime[] _gatheredTimes = Array.Empty<DateTime>();
    private readonly object[] _gathered;

    public PageRows(RowSchema schema)
    {
        _schema = schema;
        _columns = new object[schema.Columns.Count];
        _gathered = new object[schema.Columns.Count];
        Allocate(_columns, 0);
        Allocate(_gathered, 0);
    }

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Takes the reader's current row; returns its UTC date.</summary>
    public DateTime Add(MetricRowReader row)
    {
        if (Count == _times.Length)
            Grow();
        var i = Count++;
        _times[i] = row.StartTime;
        var date = DateTime.SpecifyKind(row.StartTime.Date, DateTimeKind.Utc);
        _dates[i] = date;
        _hashes[i] = RowChecksum.Hash(row);
        for (var c = 0; c < _columns.Length; c++)
        {
            var present = row.HasValue(c);
            switch (_columns[c])
            {
                case string?[] text: text[i] = row.GetText(c); break;
                case long?[] counts: counts[i] = present ? row.GetCount(c) : null; break;
                case double?[] rates: rates[i] = present ? row.GetRate(c) : null; break;
            }
        }
        return date;
    }

    /// <summary>
    /// The rows of <paramref name="date"/> as columns (start times, then one array per column;
    /// only the first <c>count</c> entries count), adding their hashes to <paramref name="checksum"/>.
    /// </summary>
    public (DateTime[] Times, object[] Columns, int Count) Gather(DateTime date, RowChecksum checksum, bool wholePage)
    {
        if (wholePage)
        {
            for (var i = 0; i < Count; i++)
                checksum.Add(_hashes[i]);
            return (_times, _columns, Count);
        }
        if (_gatheredTimes.Length < Count)
        {
            _gatheredTimes = new DateTime[_times.Length];
            Allocate(_gathered, _times.Length);
        }
        var n = 0;
        for (var i = 0; i < Count; i++)
        {
            if (_dates[i] != date)
                continue;
            checksum.Add(_hashes[i]);
            _gatheredTimes[n] = _times[i];
            for (var c = 0; c < _columns.Length; c++)
                Array.Copy((Array)_columns[c], i, (Array)_gathered[c], n, 1);
            n++;
        }
        return (_gatheredTimes, _gathered, n);
    }

    private void Grow()
    {
        var size = Math.Max(1024, _times.Length * 2);
        Array.Resize(ref _times, size);
        Array.Resize(ref _dates, size);
        Array.Resize(ref _hashes, size);
        var old = (object[])_columns.Clone();
        Allocate(_columns, size);
        for (var c = 0; c < _columns.Length; c++)
            Array.Copy((Array)old[c], (Array)_columns[c], Count);
    }

    private void Allocate(object[] columns, int size)
    {
        for (var c = 0; c < columns.Length; c++)
            columns[c] = _schema.KindOf(c) switch
            {
                ColumnKind.Text => new string?[size],
                ColumnKind.Count => new long?[size],
                _ => new double?[size],
            };
    }

    /// <summary>The distinct dates of the page's rows, in first-seen order.</summary>
    public List<DateTime> Dates()
    {
        var dates = new List<DateTime>();
        var seen = new HashSet<DateTime>();
        for (var i = 0; i < Count; i++)
        {
            if (seen.Add(_dates[i]))
                dates.Add(_dates[i]);
        }
        return dates;
    }
}
