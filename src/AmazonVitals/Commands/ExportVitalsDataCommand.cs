using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Export;
using AmazonVitals.Client.Model;
using AmazonVitals.Infrastructure;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Export-VitalsData: the largest exports, streamed from the pages straight to a CSV or JSON Lines
/// file with no PowerShell object per row. The file appears under its name only when complete.
/// </summary>
[Cmdlet(VerbsData.Export, "VitalsData", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVitalsDataCommand : MetricQueryCmdlet
{
    private const int ProgressActivityId = 0x5618;
    private string? _target;
    private string? _partial;
    private FileStream? _stream;
    private RowFileWriter? _writer;
    private bool _committed;
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
        var target = GetUnresolvedProviderPathFromPSPath(Path);
        if (NoClobber && File.Exists(target))
            ThrowTerminatingError(ErrorRecords.Create("FileExists", ErrorCategory.ResourceExists, target, Messages.FileExists(target)));
        if (!ShouldProcess(target, Messages.ExportAction()))
            return;
        _target = target;
        _partial = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".partial";
        _stream = new FileStream(_partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _writer = RowFileWriter.Create(ParseEnum<ExportFormat>(Format), _stream);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (_writer is not null && _stream is not null)
            base.ProcessRecord();
    }

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var query = BuildQuery(package);
        // No PowerShell object per row here, so the largest pages cost little memory and halve the
        // requests: under the rate limit of 3 a second that is the whole difference.
        query.PageSize ??= QueryPlanner.MaxPageSize;
        // A package's rows are all in the file or none are: on failure the file is cut back to here.
        var mark = _writer!.Mark();
        try
        {
            var plan = Await((trace, ct) => session.Client.PlanAsync(query, null, trace, ct));
            WriteVerbose(Describe(plan));
            _writer.Begin(plan);
            using var reader = session.Client.OpenQuery(plan, Trace, Cancellation);
            var progress = new ProgressRecord(ProgressActivityId, "Export-VitalsData " + plan.MetricSet + " for " + package, Messages.FirstPage());
            while (Await((_, _) => reader.ReadAsync()) is { } page)
            {
                reader.Prefetch();
                foreach (var row in page.Rows)
                    _writer.Write(row);
                progress.StatusDescription = Messages.PagesAndRowsWritten(reader.PagesRead, _writer.RowCount - mark.Rows, _target!);
                ReportProgress(progress);
            }
            progress.RecordType = ProgressRecordType.Completed;
            ReportProgress(progress);
            _packagesWritten++;
        }
        catch (VitalsException)
        {
            _writer.Rewind(mark);
            throw;
        }
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
        // One rename: readers see the old file or the whole new one, never a part.
        if (File.Exists(_target))
            File.Replace(_partial!, _target!, destinationBackupFileName: null);
        else
            File.Move(_partial!, _target!);
        _committed = true;
        WriteVerbose(Messages.Wrote(_writer.RowCount, _target!));
        if (PassThru)
            WriteObject(new FileInfo(_target!));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_committed && _partial is not null)
        {
            // Stopped or failed: nothing may be left half-written.
            _stream?.Dispose();
            File.Delete(_partial);
        }
        base.Dispose(disposing);
    }
}
