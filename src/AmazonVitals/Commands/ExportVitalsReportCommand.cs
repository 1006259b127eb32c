using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using AmazonVitals.Client;
using AmazonVitals.Client.Export;
using AmazonVitals.Client.Report;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>
/// Export-VitalsReport: the release health of one or more packages as one self-contained HTML
/// file (inline SVG charts, no script, nothing loaded from the network), from Get-VitalsHealth's
/// objects or from package names. The file appears under its name only when complete.
/// </summary>
[Cmdlet(VerbsData.Export, "VitalsReport", SupportsShouldProcess = true, DefaultParameterSetName = PackageSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVitalsReportCommand : PackageCmdlet
{
    private const string PackageSet = "Package";
    private const string HealthSet = "Health";
    private readonly List<ReportPackage> _packages = new();
    // Inputs taken (objects, names, or the session's package): when none made it into the report,
    // each has had an error of its own, and the final message must not say that nothing came.
    private int _inputs;
    private string? _target;
    private string? _partial;
    private bool _finished; // renamed, or kept for the user after a failed rename: not to be deleted

    /// <summary>An AmazonVitals.Health object from Get-VitalsHealth. Takes pipeline input; package names may be piped too.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = HealthSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>The HTML file to write. It is written under a temporary name and renamed when complete.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The report's heading and the start of its title. Default: Release health.</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>Refuse to replace an existing file. Default: an existing file is replaced.</summary>
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
        if (ShouldProcess(target, Messages.ReportAction()))
            _target = target;
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (_target is null)
            return;
        // A piped string binds -InputObject as well as -PackageName: a name is checked afresh below.
        if (InputObject is not { } input || input.BaseObject is string)
        {
            _inputs++;
            base.ProcessRecord();
            return;
        }
        // -InputObject $several: each in turn, as if piped.
        var items = input.BaseObject is object[] array ? array : new object[] { input };
        foreach (var item in items)
        {
            _inputs++;
            if (Add(PSObject.AsPSObject(item)))
                base.ProcessRecord(); // an object with a PackageName: checked like a name
        }
    }

    /// <summary>Adds a health object to the report; true when the input is to be checked by its PackageName instead.</summary>
    private bool Add(PSObject input)
    {
        switch (ReportInput.KindOf(input))
        {
            case ReportInput.Kind.Health:
                _packages.Add(ReportInput.Read(input));
                return false;
            case ReportInput.Kind.Summary:
                WriteError(ErrorRecords.Create("HealthSummaryNotReportable", ErrorCategory.InvalidArgument, input, Messages.ReportSummaryObject()));
                return false;
            case ReportInput.Kind.Deserialized:
                WriteError(ErrorRecords.Create("HealthObjectDeserialized", ErrorCategory.InvalidData, input, Messages.ReportDeserialized(ReportInput.PackageOf(input) ?? "?")));
                return false;
            default:
                var package = input.BaseObject as string ?? ReportInput.PackageOf(input);
                if (!string.IsNullOrWhiteSpace(package))
                {
                    PackageName = package;
                    return true;
                }
                WriteError(ErrorRecords.Create("NotHealthObject", ErrorCategory.InvalidArgument, input, Messages.ReportNotHealth(input.TypeNames.Count > 0 ? input.TypeNames[0] : "?")));
                return false;
        }
    }

    /// <summary>A package name: its health is checked with Get-VitalsHealth's defaults.</summary>
    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        var (report, _) = HealthCheck.Run(session, package, new HealthSettings(), work => Await(work));
        if (report.Stale)
            WriteWarning(report.Warnings[0]);
        _packages.Add(ReportPackage.From(report));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_target is null)
            return;
        if (_packages.Count == 0)
            ThrowTerminatingError(ErrorRecords.Create("NothingToReport", ErrorCategory.InvalidOperation, _target, Messages.ReportNothing(_target, _inputs)));
        _partial = ExportFile.PartialName(_target);
        using (var stream = new FileStream(_partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            HtmlReportWriter.Write(writer, _packages, DateTime.UtcNow, Title);
        }
        Commit();
        WriteVerbose(Messages.ReportWrote(_packages.Count, _target, new FileInfo(_target).Length));
        if (PassThru)
            WriteObject(FileTarget.Item(this, _target));
    }

    /// <summary>One rename, as Export-VitalsData does: readers see the old file or the whole new one.</summary>
    private void Commit()
    {
        var failure = FileTarget.Commit(_partial!, _target!, NoClobber);
        _finished = true;
        if (failure is not null)
            ThrowTerminatingError(failure);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished && _partial is not null && File.Exists(_partial))
            File.Delete(_partial); // stopped or failed before the rename: nothing half-written is left
        base.Dispose(disposing);
    }
}
