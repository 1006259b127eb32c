using System;
using System.IO;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Export;
using AmazonVitals.Client.Model;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;
using Microsoft.PowerShell.Commands;

namespace AmazonVitals.Commands;

/// <summary>
/// Export-VitalsData: the largest exports, streamed from the pages straight to a CSV or JSON Lines
/// file with no PowerShell object per row. The file appears under its name only when complete.
/// </summary>
[Cmdlet(VerbsData.Export, "VitalsData", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVitalsDataCommand : MetricQueryCmdlet
{
    private string? _target;
    private string? _partial;
    private FileStream? _stream;
    private RowFileWriter? _writer;
    private bool _finished; // renamed, or kept for the user after a failed rename: not to be deleted
    private int _packagesWritten;

    /// <summary>The file to write. It is written under a temporary name and renamed when complete, so a failed run never leaves a half-written file here.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Csv (default): the columns of Invoke-VitalsQuery | Export-Csv -NoTypeInformation. JsonLines: one JSON object per row.</summary>
    [Parameter]
    [ValidateSet("Csv", "JsonLines", IgnoreCase = true)]
    public string Format { get; set; } = "Csv";

    /// <summary>Refuse to replace an existing file. Default: an existing file is replaced, as Export-Csv does.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Write the file's FileInfo when done.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        var target = ResolveTarget();
        if (!ShouldProcess(target, Messages.ExportAction()))
            return;
        _target = target;
        _partial = ExportFile.PartialName(target);
        _stream = new FileStream(_partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _writer = RowFileWriter.Create(ParseEnum<ExportFormat>(Format), _stream);
    }

    /// <summary>
    /// The file-system path of -Path. A -Path where no file can be written is refused here, before
    /// any request: finding out at the rename would waste the whole export.
    /// </summary>
    private string ResolveTarget()
    {
        var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
        // Variable:\x or Env:\x would otherwise become a file named x in the current folder.
        if (provider.ImplementingType != typeof(FileSystemProvider))
            Refuse("ExportPathNotFileSystem", ErrorCategory.InvalidArgument, Path, Messages.ExportPathNotFileSystem(Path, provider.Name));
        if (Directory.Exists(target))
            Refuse("ExportPathIsFolder", ErrorCategory.InvalidArgument, target, Messages.ExportPathIsFolder(target));
        var folder = System.IO.Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            Refuse("ExportFolderNotFound", ErrorCategory.ObjectNotFound, target, Messages.ExportFolderNotFound(folder!, target));
        // Early, to spare the requests; the rename checks again, for a file that appears meanwhile.
        if (NoClobber && File.Exists(target))
            Refuse("FileExists", ErrorCategory.ResourceExists, target, Messages.FileExists(target));
        return target;
    }

    private void Refuse(string errorId, ErrorCategory category, string target, string message) =>
        ThrowTerminatingError(ErrorRecords.Create(errorId, category, target, message));

    /// <inheritdoc />
    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        // -WhatIf, or -Confirm answered no: nothing to write to.
        if (_writer is null)
            return;
        var query = BuildQuery(package);
        // A package's rows are all in the file or none are: on failure the file is cut back to here.
        var mark = _writer!.Mark();
        try
        {
            var plan = Await((trace, ct) => session.Client.PlanAsync(query, null, trace, ct));
            WriteVerbose(Describe(plan));
            _writer.Begin(plan);
            // Each row goes from the page's bytes to the file: no object is made for it.
            using var source = new PageSource<MetricPage, MetricRowReader>(session.Client.OpenQuery(plan, Trace, Cancellation), page => Pages.Rows(page, row => row));
            ForEachPage(source, PageProgress.ForExport("Export-VitalsData " + plan.MetricSet + " for " + package, _target!), _ => true, WriteRows);
            _packagesWritten++;
        }
        catch (VitalsException)
        {
            _writer.Rewind(mark);
            throw;
        }
    }

    private void WriteRows(IPageSource<MetricRowReader> page)
    {
        for (var i = 0; i < page.Count; i++)
            _writer!.Write(page.Next());
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_writer is null || _stream is null)
            return;
        // Every package failed: an existing file is worth more than an empty one.
        if (_packagesWritten == 0)
            return;
        _writer.Dispose();
        _stream.Dispose();
        Commit();
        WriteVerbose(Messages.Wrote(_writer.RowCount, _target!));
        if (PassThru)
            WriteObject(new FileInfo(_target!));
    }

    /// <summary>
    /// One rename: readers see the old file or the whole new one, never a part. When the rename
    /// fails the finished file stays under its temporary name, named in the error, because its rows
    /// cost requests and time and the user can rename it. Terminating: the file is the command's one
    /// result, so nothing after it can succeed.
    /// </summary>
    private void Commit()
    {
        try
        {
            ExportFile.Commit(_partial!, _target!, NoClobber);
            _finished = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _finished = true;
            ThrowTerminatingError(RenameError(e));
        }
    }

    private ErrorRecord RenameError(Exception e)
    {
        var target = _target!;
        var partial = _partial!;
        // Something at -Path after a refused no-overwrite rename: -NoClobber did its job.
        if (NoClobber && (File.Exists(target) || Directory.Exists(target)))
            return ErrorRecords.FileFailure("ExportRenameRefused", ErrorCategory.ResourceExists, target, Messages.ExportRenameRefused(target, partial), e);
        var category = e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError;
        return ErrorRecords.FileFailure("ExportRenameFailed", category, target, Messages.ExportRenameFailed(target, partial, e.Message), e);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished && _partial is not null)
        {
            // Stopped or failed before the rename: nothing may be left half-written.
            _stream?.Dispose();
            File.Delete(_partial);
        }
        base.Dispose(disposing);
    }
}
