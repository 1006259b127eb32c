using System.Management.Automation;

namespace AmazonVitals;

/// <summary>
/// What every row of Invoke-VitalsQuery is. Each query's columns become a sealed class of their
/// own, made when the query starts (Output/RowTypes) and deriving from this one: PowerShell then
/// sees real properties, which it reads far faster than a bag of note properties, and
/// AmazonVitals.MetricRow in PSTypeNames, which the format view keys on. This class has no public
/// property, so a row's properties are its columns and nothing else.
/// </summary>
public abstract class MetricRow
{
    /// <summary>Only the row classes made for a query derive from this.</summary>
    protected MetricRow()
    {
    }

    /// <summary>The row as PowerShell shows a PSCustomObject in a string: @{PackageName=...; StartTime=...; ...}.</summary>
    public override string ToString()
    {
        var copy = new PSObject();
        foreach (var property in GetType().GetProperties())
            copy.Properties.Add(new PSNoteProperty(property.Name, property.GetValue(this)));
        return copy.ToString();
    }
}
