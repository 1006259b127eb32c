namespace AmazonVitals.Client.Diagnostics;

/// <summary>
/// Where the client reports what it does. The cmdlet layer forwards these to the verbose and
/// debug streams from the pipeline thread; the client itself never writes anywhere. Nothing
/// secret is ever passed here: the pipeline never formats headers or the token request's body.
/// </summary>
public interface IVitalsTrace
{
    void Verbose(string message);
    void Debug(string message);
}

/// <summary>A trace that drops everything.</summary>
public sealed class NullTrace : IVitalsTrace
{
    public static readonly NullTrace Instance = new();
    public void Verbose(string message) { }
    public void Debug(string message) { }
}
