using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Completion;
using AmazonVitals.Session;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The template of every cmdlet that works on one package per pipeline input: it owns
/// -PackageName and -Session, resolves both for each input, and turns what the client throws
/// into the right ErrorRecord. A cmdlet only writes <see cref="ProcessPackage"/>, in the way
/// PSOpenAD's session base calls ProcessRecordWithSession.
/// </summary>
public abstract class PackageCmdlet : VitalsCmdlet
{
    /// <summary>The app's package name. Takes pipeline input by value and by property name. Default: the session's package.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PackageNameCompleter))]
    [SessionPackage]
    public string? PackageName { get; set; }

    /// <summary>The session to use (from Connect-Vitals -PassThru); a session piped in is used with its own default package. Default: the session Connect-Vitals made last.</summary>
    [Parameter(ValueFromPipeline = true)]
    public VitalsSession? Session { get; set; }

    // -Session given on the command line; otherwise a session in Session came down the pipeline with this input.
    private bool _sessionOnCommandLine;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _sessionOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Session));
        // -Session $null (a mistyped variable) must not quietly become the default session. Not
        // [ValidateNotNull]: a $null piped in binds -Session too, and is an empty package name.
        if (_sessionOnCommandLine && Session is null)
            ThrowTerminatingError(ErrorRecords.SessionIsNull());
    }

    /// <summary>
    /// Resolves the session and the package of this input and calls <see cref="ProcessPackage"/>.
    /// Overridden only where an input may be something other than a package (Export-VitalsReport
    /// takes Get-VitalsHealth objects too), and then still called for each package.
    /// </summary>
    protected override void ProcessRecord()
    {
        if (!WantsInput)
            return;
        var session = ResolveSession(Session);
        if (ResolvePackage(session) is not { } package)
            return;
        try
        {
            ProcessPackage(session, package);
        }
        catch (VitalsException e)
        {
            Fail(e, package);
        }
    }

    /// <summary>
    /// False when this run has nothing to do with its inputs (Export-VitalsData under -WhatIf):
    /// then no session is needed, and no package is looked up or noted.
    /// </summary>
    private protected virtual bool WantsInput => true;

    /// <summary>The cmdlet's work for one package; a <see cref="VitalsException"/> it throws becomes the ErrorRecord.</summary>
    private protected abstract void ProcessPackage(VitalsSession session, string package);

    /// <summary>
    /// The package to use: the one given, else the session's default. A -PackageName that was
    /// given but is empty never falls back to the default (the rows would be labelled with a
    /// package the input did not name): it is an error for that input, and the next one runs.
    /// Null when this input is skipped.
    /// </summary>
    private protected string? ResolvePackage(VitalsSession session)
    {
        // A piped session without a default package gives an empty name (SessionPackageAttribute):
        // that is "no package", not an empty one. Only then: an empty name from any other input is
        // still EmptyPackageName, for that input alone.
        var pipedSession = Session is not null && !_sessionOnCommandLine;
        var given = MyInvocation.BoundParameters.ContainsKey(nameof(PackageName)) && !(pipedSession && string.IsNullOrEmpty(PackageName) && Session!.PackageName is null);
        if (given && string.IsNullOrWhiteSpace(PackageName))
        {
            var record = ErrorRecords.Create("EmptyPackageName", ErrorCategory.InvalidArgument, PackageName, Messages.PackageBoundEmpty());
            if (!MyInvocation.ExpectingInput)
                ThrowTerminatingError(record);
            WriteError(record);
            return null;
        }
        return ResolvePackage(PackageName, session);
    }
}
