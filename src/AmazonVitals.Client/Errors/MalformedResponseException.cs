namespace AmazonVitals.Client.Errors;

/// <summary>A 200 whose body is not valid JSON, or was cut short. Transient: it is retried.</summary>
public sealed class MalformedResponseException : VitalsException
{
    public MalformedResponseException(string message, string? requestId, System.Exception? inner)
        : base(message, VitalsErrorKind.Unavailable, "MalformedResponse", requestId, inner)
    {
    }
}
