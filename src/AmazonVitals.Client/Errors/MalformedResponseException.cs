namespace AmazonVitals.Client.Errors;

/// <summary>
/// An answer that could not be read. <see cref="IsTransient"/> tells a glitch (a body cut short or
/// not JSON at all: retried) from the server's data (valid JSON holding a value no row can take,
/// such as NaN or a count beyond Int64: the same answer would come back, so it is not retried).
/// </summary>
public sealed class MalformedResponseException : VitalsException
{
    public MalformedResponseException(string message, string? requestId, bool isTransient, System.Exception? inner = null)
        : base(message, VitalsErrorKind.MalformedResponse, "MalformedResponse", requestId, inner)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when sending again may help.</summary>
    public bool IsTransient { get; }
}
