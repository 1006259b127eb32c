using System;

namespace AmazonVitals.Emulator.Http;

/// <summary>A request the emulator refuses: becomes a Vitals error body <c>{code, message, status}</c>.</summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public ApiException()
        : this(500, "INTERNAL", "Internal error")
    {
    }

    public ApiException(string message)
        : this(400, "INVALID_ARGUMENT", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Code = "INVALID_ARGUMENT";
    }

    public int Status { get; }

    public string Code { get; }

    public static ApiException Invalid(string message) => new(400, "INVALID_ARGUMENT", message);

    public static ApiException NotFound(string message) => new(404, "NOT_FOUND", message);

    /// <summary>The Vitals code that goes with an HTTP status, for injected faults.</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "UNAUTHORIZED",
        404 => "NOT_FOUND",
        408 => "DEADLINE_EXCEEDED",
        429 => "RATE_LIMITED",
        500 => "INTERNAL",
        501 => "NOT_IMPLEMENTED",
        502 => "BAD_GATEWAY",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ when status >= 500 => "INTERNAL",
        _ => "ERROR",
    };
}
