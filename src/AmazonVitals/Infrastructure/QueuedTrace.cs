using System.Collections.Concurrent;
using System.Threading;
using AmazonVitals.Client.Diagnostics;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// Collects the client's verbose and debug lines from whatever thread they happen on, so the
/// cmdlet can write them from the pipeline thread: PowerShell's streams may only be written there.
/// </summary>
internal sealed class QueuedTrace : IVitalsTrace
{
    private readonly ConcurrentQueue<(bool IsDebug, string Message)> _messages = new();

    /// <summary>Set whenever a message arrives, to wake the pipeline thread.</summary>
    public ManualResetEventSlim Arrived { get; } = new(false);

    public void Verbose(string message) => Add(false, message);

    public void Debug(string message) => Add(true, message);

    public bool TryTake(out (bool IsDebug, string Message) message) => _messages.TryDequeue(out message);

    private void Add(bool isDebug, string message)
    {
        _messages.Enqueue((isDebug, message));
        Arrived.Set();
    }
}
