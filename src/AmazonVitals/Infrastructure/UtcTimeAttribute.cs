using System;
using System.Management.Automation;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// Lets -StartTime and -EndTime take a DateTimeOffset (Get-Date -AsUTC, [datetimeoffset]'...+09:00',
/// ConvertFrom-Json's dates): its instant in UTC. PowerShell has no conversion from DateTimeOffset
/// to DateTime, so without this the value is refused at binding.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class UtcTimeAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is DateTimeOffset offset ? offset.UtcDateTime : inputData;
    }
}
