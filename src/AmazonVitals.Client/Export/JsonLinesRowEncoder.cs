using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Export;

/// <summary>A query's rows as JSON Lines: one object per line, names as the API names them, numbers as numbers, null where a row has no value.</summary>
internal sealed class JsonLinesRowEncoder : RowEncoder
{
    private readonly Utf8JsonWriter _json;
    private readonly JsonEncodedText[] _names;
    private readonly ColumnKind[] _kinds;
    private readonly string?[] _fixed; // per fixed column: its value; null for the row's time

    public JsonLinesRowEncoder(QueryPlan plan)
    {
        var schema = plan.Schema;
        _kinds = schema.CopyKinds();
        var columns = schema.RowColumns;
        _names = new JsonEncodedText[columns.Count];
        for (var i = 0; i < columns.Count; i++)
            _names[i] = JsonEncodedText.Encode(columns[i].Name);
        _fixed = new string?[schema.FixedCount];
        for (var f = 0; f < _fixed.Length; f++)
            _fixed[f] = columns[f].Kind == ColumnKind.Time ? null : columns[f].FixedTextOf(plan) ?? "";
        // Pointed at each row's buffer as it is written (Reset), so it never holds one of its own.
        _json = new Utf8JsonWriter(new ByteBufferWriter(16), new JsonWriterOptions { SkipValidation = true });
    }

    [MethodImpl(HotPath.Optimized)]
    public override void Encode(MetricRowReader row, IBufferWriter<byte> into)
    {
        _json.Reset(into);
        _json.WriteStartObject();
        var fixedValues = _fixed;
        for (var f = 0; f < fixedValues.Length; f++)
        {
            if (fixedValues[f] is { } value)
                _json.WriteString(_names[f], value);
            else
                _json.WriteString(_names[f], row.StartTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        var kinds = _kinds;
        var first = fixedValues.Length;
        for (var i = 0; i < kinds.Length; i++)
        {
            var name = _names[first + i];
            if (!row.HasValue(i))
                _json.WriteNull(name);
            else if (kinds[i] == ColumnKind.Text)
                _json.WriteString(name, row.GetText(i));
            else if (kinds[i] == ColumnKind.Count)
                _json.WriteNumber(name, row.GetCount(i));
            else
                _json.WriteNumber(name, row.GetRate(i));
        }
        _json.WriteEndObject();
        _json.Flush();
        into.GetSpan(1)[0] = (byte)'\n';
        into.Advance(1);
    }
}
