namespace AmazonVitals.Client.Errors;

/// <summary>A check that needs no server failed: nothing was sent.</summary>
public sealed class VitalsValidationException : VitalsException
{
    public VitalsValidationException(string errorId, string parameterName, object? value, string message)
        : base(message, VitalsErrorKind.InvalidArgument, errorId)
    {
        ParameterName = parameterName;
        Value = value;
    }

    /// <summary>The parameter at fault, as the user typed it (for example <c>-EndTime</c>).</summary>
    public string ParameterName { get; }
    /// <summary>The bad value, the ErrorRecord's target.</summary>
    public object? Value { get; }
}
