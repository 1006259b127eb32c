using System;

namespace AmazonVitals.Client.Errors;

/// <summary>What went wrong, in the terms the cmdlet layer maps to an ErrorRecord category.</summary>
public enum VitalsErrorKind
{
    /// <summary>The request was wrong: fix it, don't retry.</summary>
    InvalidArgument,
    /// <summary>The credentials or token were refused.</summary>
    Authentication,
    /// <summary>The package or metric set is unknown, or has no data yet.</summary>
    NotFound,
    /// <summary>The rate limit was exceeded even after retries.</summary>
    LimitsExceeded,
    /// <summary>The server or the network failed, even after retries.</summary>
    Unavailable,
    /// <summary>The call ran past its deadline.</summary>
    Timeout,
    /// <summary>The host could not be reached: refused, reset, or no name (after the retries).</summary>
    Connection,
    /// <summary>The session was disconnected (Disconnect-Vitals), possibly while this call ran.</summary>
    NotConnected,
    /// <summary>The server's answer could not be read.</summary>
    MalformedResponse,
    /// <summary>Another process holds what this call needs (a history folder another sync is writing).</summary>
    Busy,
    /// <summary>A file could not be written or read: the disk is full, or the folder is read-only or gone.</summary>
    StorageFailed,
    /// <summary>The operating system refused access to a file or folder.</summary>
    StorageDenied,
    /// <summary>A history folder's own files are not what the module wrote (a damaged or foreign manifest).</summary>
    StoreDamaged,
    /// <summary>This PowerShell cannot do it (the history store needs PowerShell 7.4 or later).</summary>
    NotSupported,
    /// <summary>A bug in AmazonVitals itself, not the server's data: never retried; the original exception is the InnerException.</summary>
    Internal,
}

/// <summary>The base of every exception the client throws: one type for callers to catch.</summary>
public class VitalsException : Exception
{
    public VitalsException(string message, VitalsErrorKind kind, string errorId, string? requestId = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        ErrorId = errorId;
        RequestId = requestId;
    }

    /// <summary>The category of failure.</summary>
    public VitalsErrorKind Kind { get; } = VitalsErrorKind.Unavailable;
    /// <summary>A stable identifier, the first part of the ErrorRecord's FullyQualifiedErrorId.</summary>
    public string ErrorId { get; } = "VitalsError";
    /// <summary>The server's requestId, for Amazon support, when one is known.</summary>
    public string? RequestId { get; }
}
