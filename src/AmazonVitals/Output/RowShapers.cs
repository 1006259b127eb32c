using System.Collections.Generic;
using System.Management.Automation;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Output;

/// <summary>
/// Turns rows into the flat objects users pipe to Where-Object and Export-Csv: one object of the
/// query's row class (<see cref="RowTypes"/>) per row, or, where no class can be made, a PSObject
/// with the same properties. Column names are taken once per query from the plan; every row gets
/// the same properties in the same order, with $null where the row has no value, so Export-Csv
/// never drops a column.
/// </summary>
internal sealed class MetricRowShaper
{
    public const string TypeName = "AmazonVitals.MetricRow";

    private readonly IReadOnlyList<RowColumn> _columns;
    private readonly int _first; // data column i is row column _first + i
    private readonly ColumnKind[] _kinds;
    private readonly RowFactory? _factory;
    // The current row's values per row column, handed to the factory; reused row after row. The
    // fixed text columns are set once, here.
    private readonly string?[] _text;
    private readonly long[] _counts;
    private readonly double[] _rates;
    private readonly bool[] _present;

    public MetricRowShaper(QueryPlan plan)
    {
        var schema = plan.Schema;
        _columns = schema.RowColumns;
        _first = schema.FixedCount;
        _kinds = schema.CopyKinds();
        var count = _columns.Count;
        _text = new string?[count];
        for (var c = 0; c < _first; c++)
            _text[c] = _columns[c].FixedTextOf(plan);
        _counts = new long[count];
        _rates = new double[count];
        _present = new bool[count];
        _factory = RowTypes.For(_columns, out var whyNot);
        FallbackReason = whyNot;
        ViewTypeName = RowTypes.TypeNameOf(_columns);
    }

    /// <summary>The columns of this query's rows, fixed ones first.</summary>
    public IReadOnlyList<RowColumn> Columns => _columns;

    /// <summary>
    /// The type name this query's rows have first in PSTypeNames, before <see cref="TypeName"/>:
    /// the class's name for typed rows, added to a PSObject's TypeNames in the fallback.
    /// </summary>
    public string ViewTypeName { get; }

    /// <summary>Why rows are PSObjects rather than objects of a row class; null when they are not.</summary>
    public string? FallbackReason { get; }

    public object Shape(MetricRowReader row)
    {
        if (_factory is null)
            return ShapeAsPSObject(row);
        var first = _first;
        for (var i = 0; i < _kinds.Length; i++)
        {
            switch (_kinds[i])
            {
                case ColumnKind.Text:
                    _text[first + i] = row.GetText(i);
                    break;
                case ColumnKind.Count:
                    _present[first + i] = row.HasValue(i);
                    _counts[first + i] = row.GetCount(i);
                    break;
                default:
                    _present[first + i] = row.HasValue(i);
                    _rates[first + i] = row.GetRate(i);
                    break;
            }
        }
        return _factory(row.StartTime, _text, _counts, _rates, _present);
    }

    /// <summary>Where no row class can be made: a PSObject with note properties, as the module wrote before it had row classes.</summary>
    private PSObject ShapeAsPSObject(MetricRowReader row)
    {
        var obj = new PSObject();
        obj.TypeNames.Insert(0, TypeName);
        obj.TypeNames.Insert(0, ViewTypeName);
        var properties = obj.Properties;
        for (var c = 0; c < _first; c++)
            properties.Add(new PSNoteProperty(_columns[c].Name, _columns[c].Kind == ColumnKind.Time ? (object)row.StartTime : _text[c]));
        for (var c = _first; c < _columns.Count; c++)
            properties.Add(new PSNoteProperty(_columns[c].Name, row.GetValue(c - _first)));
        return obj;
    }
}

/// <summary>Turns issue rows into AmazonVitals.Issue objects, keeping the server's ranking.</summary>
internal sealed class IssueShaper
{
    public const string TypeName = "AmazonVitals.Issue";

    private readonly string _package;
    private readonly string _reportType;
    private readonly IReadOnlyList<string> _dimensions;

    public IssueShaper(QueryPlan plan)
    {
        _package = plan.PackageName;
        _reportType = plan.ReportType?.ToString() ?? "";
        _dimensions = plan.Schema.Dimensions;
    }

    public PSObject Shape(IssueRow row)
    {
        var obj = new PSObject();
        obj.TypeNames.Insert(0, TypeName);
        var properties = obj.Properties;
        properties.Add(new PSNoteProperty(FixedColumns.PackageName, _package));
        properties.Add(new PSNoteProperty(FixedColumns.ReportType, _reportType));
        properties.Add(new PSNoteProperty(FixedColumns.CrashDescriptor, row.CrashDescriptor));
        properties.Add(new PSNoteProperty(FixedColumns.ReportText, row.ReportText));
        properties.Add(new PSNoteProperty(FixedColumns.ErrorEventCount, row.ErrorEventCount));
        properties.Add(new PSNoteProperty(FixedColumns.AffectedDeviceCount, row.AffectedDeviceCount));
        for (var i = 0; i < _dimensions.Count; i++)
            properties.Add(new PSNoteProperty(_dimensions[i], row.Dimensions[i]));
        return obj;
    }
}
