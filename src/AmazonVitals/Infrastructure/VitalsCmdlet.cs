using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The base of every AmazonVitals cmdlet. It owns cancellation (Ctrl+C and PowerShell.Stop()
/// cancel the in-flight request and any backoff), is the one place async work is awaited, forwards
/// the client's verbose and debug lines from the pipeline thread, and resolves the session.
/// </summary>
public abstract class VitalsCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private QueuedTrace? _trace;

    /// <summary>Cancelled when the user stops the pipeline.</summary>
    protected CancellationToken Cancellation => _stopping.Token;

    /// <summary>Where the client reports; drained to the verbose and debug streams by <see cref="Await{T}"/>.</summary>
    private protected IVitalsTrace Trace => _trace ??= new QueuedTrace();

    /// <inheritdoc />
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Parameters that choose a client enum are strings with ValidateSet: PowerShell reflects over
    /// parameter types while importing, before the client assembly can be resolved, so no
    /// parameter may have a client type.
    /// </summary>
    private protected static TEnum ParseEnum<TEnum>(string value) where TEnum : struct, Enum => (TEnum)Enum.Parse(typeof(TEnum), value, ignoreCase: true);

    /// <summary>Runs client work off the pipeline thread, writing its messages as they come, and returns its result.</summary>
    private protected T Await<T>(Func<IVitalsTrace, CancellationToken, Task<T>> work)
    {
        var trace = (QueuedTrace)Trace;
        var task = Task.Run(() => work(trace, Cancellation), Cancellation);
        var handles = new[] { ((IAsyncResult)task).AsyncWaitHandle, trace.Arrived.WaitHandle };
        while (true)
        {
            trace.Arrived.Reset();
            FlushTrace();
            if (task.IsCompleted)
                break;
            WaitHandle.WaitAny(handles);
        }
        FlushTrace();
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Writes the client's pending messages. Only ever called on the pipeline thread.</summary>
    private protected void FlushTrace()
    {
        if (_trace is null)
            return;
        while (_trace.TryTake(out var message))
        {
            if (message.IsDebug)
                WriteDebug(message.Message);
            else
                WriteVerbose(message.Message);
        }
    }

    /// <summary>
    /// Writes progress where a person can see it. Hosted runspaces without a display (the
    /// "Default Host" of Azure Automation, Functions and [powershell]::Create()) would only fill
    /// the job's progress stream with noise, so they get none. A console with redirected output
    /// already draws nothing by itself.
    /// </summary>
    private protected void ReportProgress(ProgressRecord progress)
    {
        if (!string.Equals(Host?.Name, "Default Host", StringComparison.Ordinal))
            WriteProgress(progress);
    }

    /// <summary>
    /// The page loop of every cmdlet that writes pages: reads each page off the pipeline thread, asks for the next
    /// one while this one is used (only when <paramref name="wantsMoreAfter"/> says it is needed),
    /// hands the page to <paramref name="use"/> on the pipeline thread, and reports progress.
    /// Returns the rows read.
    /// </summary>
    private protected long ForEachPage<TItem>(IPageSource<TItem> source, PageProgress progress, Func<int, bool> wantsMoreAfter, Action<IPageSource<TItem>> use)
    {
        long rows = 0;
        try
        {
            while (Await((_, _) => source.ReadPageAsync()))
            {
                var more = source.HasMore && wantsMoreAfter(source.Count);
                if (more)
                    source.Prefetch();
                use(source);
                rows += source.Count;
                if (progress.After(source.PagesRead, rows, source.HasMore) is { } record)
                    ReportProgress(record);
                if (!more)
                    break;
            }
        }
        finally
        {
            // Every bar shown is closed, also when a page fails; not once the pipeline is stopping,
            // when nothing more may be written.
            if (!_stopping.IsCancellationRequested && progress.Completed() is { } done)
                ReportProgress(done);
        }
        FlushTrace();
        return rows;
    }

    /// <summary>The session to use: the one passed, else the module's default, else a terminating "run Connect-Vitals" error.</summary>
    private protected VitalsSession ResolveSession(VitalsSession? explicitSession)
    {
        var session = explicitSession ?? SessionStore.Default;
        if (session is null || session.IsDisconnected)
        {
            var message = explicitSession is null ? Messages.NotConnected() : Messages.SessionDisconnected(explicitSession.ClientId);
            ThrowTerminatingError(ErrorRecords.Create("NotConnected", ErrorCategory.ConnectionError, null, message));
        }
        return session!;
    }

    /// <summary>The package to use: the one passed, else the session's default.</summary>
    private protected string ResolvePackage(string? packageName, VitalsSession session)
    {
        var package = string.IsNullOrWhiteSpace(packageName) ? session.PackageName : packageName;
        if (string.IsNullOrWhiteSpace(package))
            ThrowTerminatingError(ErrorRecords.Create("NoPackageName", ErrorCategory.InvalidArgument, null, Messages.NoPackage()));
        session.NotePackageUsed(package!);
        return package!;
    }

    /// <summary>
    /// A failure for one pipeline input: checks that no input could pass, refused credentials, a
    /// closed session and a bug of ours (the internal error) end the command; what the server said
    /// about this input, and a bad package name that came down the pipeline, are non-terminating,
    /// so the next input still runs.
    /// </summary>
    private protected void Fail(Exception exception, object? target)
    {
        FlushTrace();
        var record = ErrorRecords.From(exception, target);
        if (EndsTheCommand(exception))
            ThrowTerminatingError(record);
        WriteError(record);
    }

    private bool EndsTheCommand(Exception exception) => exception switch
    {
        VitalsValidationException { ParameterName: "-PackageName" } => !MyInvocation.ExpectingInput,
        VitalsValidationException => true,
        VitalsException { Kind: VitalsErrorKind.Authentication or VitalsErrorKind.NotConnected } => true,
        // A bug of ours is in code every input runs through: the next input would fail the same
        // way (or write on from a half-made state), so one error and a stop, not one per input.
        VitalsException { Kind: VitalsErrorKind.Internal } => true,
        _ => false,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>PowerShell disposes a cmdlet when its pipeline ends, however it ends: the place to undo half-done work.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        _stopping.Dispose();
        _trace?.Arrived.Dispose();
    }
}
