using System.Collections.Generic;
using AmazonVitals.Client.Model;
using Parquet;
using Parquet.Schema;

namespace AmazonVitals.Client.History.Parquet;

/// <summary>
/// The Parquet schema of a stored set, made from the one column model (<see cref="RowSchema"/>):
/// StartTime as a UTC timestamp, dimensions as strings, counts as int64 and rates as doubles. The
/// fixed text columns (package, metric set, period) are not stored: the partition path carries
/// them, and engines that read hive partitions add them back as columns.
/// </summary>
internal sealed class ParquetColumns
{
    public const string StartTimeName = FixedColumns.StartTime;

    public ParquetColumns(RowSchema rows)
    {
        Rows = rows;
        StartTime = new DateTimeDataField(StartTimeName, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        var data = new DataField[rows.Columns.Count];
        for (var c = 0; c < data.Length; c++)
            data[c] = rows.KindOf(c) switch
            {
                ColumnKind.Text => new DataField(rows.Columns[c], typeof(string), isNullable: true),
                ColumnKind.Count => new DataField(rows.Columns[c], typeof(long), isNullable: true),
                _ => new DataField(rows.Columns[c], typeof(double), isNullable: true),
            };
        Data = data;
        var fields = new List<Field> { StartTime };
        fields.AddRange(data);
        Schema = new ParquetSchema(fields);
    }

    /// <summary>
    /// The options every file is written and read with. Parquet.Net keeps freed buffers for reuse,
    /// by default tens of megabytes per open file; a sync keeps a file open per date, so they are
    /// capped here to keep a sync's memory near one page, whatever its range.
    /// </summary>
    public static ParquetOptions Options() => new()
    {
        MaximumSmallPoolFreeBytes = 1 << 20,
        MaximumLargePoolFreeBytes = 4 << 20,
    };

    /// <summary>
    /// The options a partition is written with: <see cref="Options"/>, and the dimensions
    /// dictionary-encoded (Parquet.Net writes strings plain unless told), since a handful of values
    /// repeat on every row. The files are smaller, and a reader decodes each value once per row group.
    /// </summary>
    public ParquetOptions WriteOptions()
    {
        var options = Options();
        for (var c = 0; c < Data.Count; c++)
        {
            if (Rows.KindOf(c) == ColumnKind.Text)
                options.ColumnEncodingHints[Data[c].Path.ToString()] = EncodingHint.Dictionary;
        }
        return options;
    }

    public RowSchema Rows { get; }
    public DateTimeDataField StartTime { get; }
    /// <summary>One field per column of <see cref="RowSchema.Columns"/>, in that order.</summary>
    public IReadOnlyList<DataField> Data { get; }
    public ParquetSchema Schema { get; }
}
