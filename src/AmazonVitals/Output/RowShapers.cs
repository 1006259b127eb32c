using System.Collections.Generic;
using System.Management.Automation;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Output;

/// <summary>
/// Turns rows into the flat objects users pipe to Where-Object and Export-Csv. Column names are
/// taken once per query from the plan; every row gets the same properties in the same order, with
/// $null where the row has no value, so Export-Csv never drops a column.
/// </summary>
internal sealed class MetricRowShaper
{
    public const string TypeName = "AmazonVitals.MetricRow";

    private readonly string _package;
    private readonly string _metricSet;
    private readonly string _period;
    private readonly IReadOnlyList<string> _columns;

    public MetricRowShaper(QueryPlan plan)
    {
        _package = plan.PackageName;
        _metricSet = plan.MetricSet;
        _period = plan.Period.ToString();
        _columns = plan.Schema.Columns;
    }

    public PSObject Shape(MetricRowReader row)
    {
        var obj = new PSObject();
        obj.TypeNames.Insert(0, TypeName);
        var properties = obj.Properties;
        properties.Add(new PSNoteProperty(FixedColumns.PackageName, _package));
        properties.Add(new PSNoteProperty(FixedColumns.MetricSet, _metricSet));
        properties.Add(new PSNoteProperty(FixedColumns.AggregationPeriod, _period));
        properties.Add(new PSNoteProperty(FixedColumns.StartTime, row.StartTime));
        for (var i = 0; i < _columns.Count; i++)
            properties.Add(new PSNoteProperty(_columns[i], row.GetValue(i)));
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
