using System.IO;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Export;
using AmazonVitals.Client.Model;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
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
        base.BeginProcessing();
        var target = FileTarget.Resolve(this, Path, NoClobber);
        if (!ShouldProcess(target, Messages.ExportAction()))
            return;
        _target = target;
        _partial = ExportFile.PartialName(target);
        _stream = new FileStream(_partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _writer = RowFileWriter.Create(ParseEnum<ExportFormat>(Format), _stream);
    }

    /// <inheritdoc />
    // -WhatIf, or -Confirm answered no: nothing to write to, so no session is needed either.
    private protected override bool WantsInput => _writer is not null;

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var query = BuildQuery(package);
        // A package's rows are all in the file or none are: on failure the file is cut back to here.
        var mark = _writer!.Mark();
        try
        {
            var plan = Await((trace, ct) => session.Client.PlanAsync(query, null, trace, ct));
            WriteVerbose(Describe(plan));
            _writer.Begin(plan);
            // Each row goes from the page's bytes to the file: no object is made for it. A page is
            // written in a fraction of the time the rate limit leaves between requests, so the next
            // body can wait until this page is written: the same time, one body in memory, not two.
            using var source = new PageSource<MetricPage, MetricRowReader>(session.Client.OpenQuery(plan, Trace, Cancellation, oneBodyAtATime: true), page => Pages.Rows(page, row => row));
            var rows = ForEachPage(source, PageProgress.ForExport("Export-VitalsData " + plan.MetricSet + " for " + package, _target!), _ => true, WriteRows);
            _packagesWritten++;
            ExplainNoRows(session, plan, rows);
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
        {
            // Nothing goes down the pipeline here, so PowerShell never stops this loop itself: a
            // Ctrl+C would wait for the rest of a 100,000-row page.
            if ((i & StopCheckMask) == 0 && Cancellation.IsCancellationRequested)
                throw new PipelineStoppedException();
            _writer!.Write(page.Next());
        }
    }

    // Every 4,096 rows: a few milliseconds of writing.
    private const int StopCheckMask = 4095;

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
            WriteObject(FileTarget.Item(this, _target!));
    }

    /// <summary>Terminating when the rename fails: the file is the command's one result, so nothing after it can succeed.</summary>
    private void Commit()
    {
        var failure = FileTarget.Commit(_partial!, _target!, NoClobber);
        // Renamed, or kept for the user after a failed rename: either way not to be deleted.
        _finished = true;
        if (failure is not null)
            ThrowTerminatingError(failure);
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
