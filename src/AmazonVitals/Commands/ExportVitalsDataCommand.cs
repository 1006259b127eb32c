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
            // Each page's rows are written as the page is checked, straight from its bytes, with no
            // object made for a row (VitalsClient.OpenQuery with a writer); here each page's bytes
            // go to the file.
            using var source = new PageSource<EncodedPage, EncodedPage>(session.Client.OpenQuery(plan, _writer, Trace, Cancellation), Pages.Whole);
            var rows = ForEachPage(source, PageProgress.ForExport("Export-VitalsData " + plan.MetricSet + " for " + package, _target!), _ => true,
                page => _writer.WritePage(page.Next()));
            _packagesWritten++;
            ExplainNoRows(session, plan, rows);
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
