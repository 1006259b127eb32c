using System.Management.Automation;

namespace AmazonVitals.Session;

/// <summary>
/// Lets a session piped to a per-package cmdlet stand for its own default package. The session
/// binds to -Session by value; without this, PowerShell would also bind the session's string form
/// to -PackageName (a string parameter that takes pipeline input by value) and send it to the
/// server as a package name.
/// </summary>
internal sealed class SessionPackageAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is VitalsSession session ? session.PackageName : inputData;
    }
}
