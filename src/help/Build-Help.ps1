#requires -Version 7.4
<#
.SYNOPSIS
    Builds the module's help from the Markdown in src/help: MAML for the cmdlets, plain text for about topics.
.DESCRIPTION
    Reads one <Cmdlet-Name>.md per cmdlet (format: src/help/README.md) and writes
    <ModuleFolder>/en-US/AmazonVitals.dll-Help.xml, the MAML file Get-Help reads for a binary module.
    Names, syntax, types, positions, mandatory flags, pipeline input and ValidateSet values come from
    the built cmdlets themselves (Get-Command, in a child pwsh so this process never loads the module
    and nothing stays locked); everything a person writes comes from the Markdown.

    Every about_*.md is rendered to <ModuleFolder>/en-US/about_*.help.txt, and any about_*.help.txt
    in the source folder is copied there as is.

    The Markdown is parsed by Markdig (CommonMark), restored from NuGet on first use
    (HelpDependencies.csproj) and read into plain text by HelpMarkdown.ps1; HelpMaml.ps1 writes the
    MAML. It throws, listing every problem at once, when an exported cmdlet has no .md file or its
    .md breaks a rule of HelpLint.ps1: a synopsis, a description, two examples with code, every
    parameter the cmdlet has (common parameters, -WhatIf/-Confirm and the SupportsPaging parameters
    -First/-Skip/-IncludeTotalCount excepted) with its default ("Default: ..."), related links.

    -AboutOnly renders the about topics and nothing else (no module is needed), for a quick look
    at the text: Build-Help.ps1 -SourceFolder ./src/help -ModuleFolder ./out/about -AboutOnly
.EXAMPLE
    dotnet pwsh ./src/help/Build-Help.ps1 -SourceFolder ./src/help -ModuleFolder ./out/AmazonVitals
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $SourceFolder,
    [Parameter(Mandatory)][string] $ModuleFolder,
    [string] $ModuleName = 'AmazonVitals',
    [switch] $AboutOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$SourceFolder = (Resolve-Path -LiteralPath $SourceFolder).ProviderPath
$ModuleFolder = (Resolve-Path -LiteralPath $ModuleFolder).ProviderPath
$HelpFolder = Join-Path $ModuleFolder 'en-US'

. (Join-Path $PSScriptRoot 'HelpMarkdown.ps1')
. (Join-Path $PSScriptRoot 'HelpLint.ps1')
. (Join-Path $PSScriptRoot 'HelpMaml.ps1')

function Write-AboutTopic {
    $null = New-Item -ItemType Directory -Force $HelpFolder
    foreach ($md in Get-ChildItem -LiteralPath $SourceFolder -Filter 'about_*.md') {
        $target = Join-Path $HelpFolder ($md.BaseName + '.help.txt')
        [System.IO.File]::WriteAllText($target, (ConvertTo-AboutText $md.FullName), [System.Text.UTF8Encoding]::new($false))
        Write-Verbose "Wrote $target"
    }
    foreach ($txt in Get-ChildItem -LiteralPath $SourceFolder -Filter 'about_*.help.txt') {
        Copy-Item -LiteralPath $txt.FullName -Destination $HelpFolder -Force
    }
}

#region Cmdlet metadata

function Get-CommandMetadata {
    # Reads the exported cmdlets of the built module in a child pwsh, so this process never loads
    # (and never locks) the module's assemblies.
    $manifest = Join-Path $ModuleFolder "$ModuleName.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) { throw "$manifest not found: build the module first." }
    $json = [System.IO.Path]::GetTempFileName()
    $script = {
        param($Manifest, $Module, $Json)
        $ErrorActionPreference = 'Stop'
        Import-Module $Manifest
        # -WhatIf and -Confirm stay: they belong in the syntax, with a standard description.
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        $commands = foreach ($command in Get-Command -Module $Module -CommandType Cmdlet, Function | Sort-Object Name) {
            $sets = foreach ($set in $command.ParameterSets | Sort-Object { -not $_.IsDefault }) {
                [pscustomobject]@{
                    Name       = $set.Name
                    IsDefault  = $set.IsDefault
                    Parameters = @(foreach ($p in $set.Parameters) {
                            if ($p.Name -in $common) { continue }
                            $validateSet = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object ValidValues)
                            # DateTime? shows as DateTime, not Nullable`1.
                            $type = [Nullable]::GetUnderlyingType($p.ParameterType) ?? $p.ParameterType
                            [pscustomobject]@{
                                Name            = $p.Name
                                Type            = $type.FullName
                                ShortType       = $type.Name
                                IsSwitch        = $p.ParameterType -eq [switch]
                                Mandatory       = $p.IsMandatory
                                Position        = $p.Position
                                ByValue         = $p.ValueFromPipeline
                                ByPropertyName  = $p.ValueFromPipelineByPropertyName
                                ValueFromRemainingArguments = $p.ValueFromRemainingArguments
                                Aliases         = @($p.Aliases)
                                ValidValues     = $validateSet
                                Wildcards       = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                            }
                        })
                }
            }
            [pscustomobject]@{
                Name       = $command.Name
                Verb       = $command.Verb
                Noun       = $command.Noun
                Sets       = @($sets)
                Parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
                Outputs    = @($command.OutputType | ForEach-Object Name)
            }
        }
        ConvertTo-Json -InputObject @($commands) -Depth 8 | Set-Content -LiteralPath $Json -Encoding utf8
    }
    $pwsh = [Environment]::ProcessPath
    $prefix = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -ne 'pwsh') {
        # Started as "dotnet pwsh" (a local tool): run the same pwsh.dll through the same dotnet.
        $prefix = @(Join-Path $PSHOME 'pwsh.dll')
    }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes(
            "& { $script } '$($manifest -replace "'", "''")' '$ModuleName' '$($json -replace "'", "''")'"))
    try {
        & $pwsh @prefix -NoProfile -NonInteractive -EncodedCommand $encoded
        if ($LASTEXITCODE -ne 0) { throw "Reading the cmdlets of $manifest in a child pwsh failed (exit code $LASTEXITCODE)." }
        @(Get-Content -LiteralPath $json -Raw | ConvertFrom-Json)
    }
    finally {
        Remove-Item -LiteralPath $json -ErrorAction Ignore
    }
}

#endregion

Import-Markdig
Write-AboutTopic
if ($AboutOnly) { return }

$commands = Get-CommandMetadata
if (-not $commands) { throw "The module at $ModuleFolder exports no cmdlets." }
$problems = [System.Collections.Generic.List[string]]::new()
$docs = @{}
foreach ($command in $commands) {
    $path = Join-Path $SourceFolder "$($command.Name).md"
    if (-not (Test-Path -LiteralPath $path)) {
        $problems.Add("$($command.Name): no help source; write $path (see $(Join-Path $SourceFolder 'README.md'))")
        continue
    }
    $doc = Read-CommandMarkdown $path
    $docs[$command.Name] = $doc
    foreach ($problem in @(Test-CommandHelp $command $doc $GeneratedParameters.Keys)) { $problems.Add("$($command.Name).md: $problem") }
}
foreach ($md in Get-ChildItem -LiteralPath $SourceFolder -Filter '*-*.md') {
    if ($md.BaseName -notin $commands.Name) { Write-Warning "$($md.Name) documents no cmdlet that $ModuleName exports; it is not in the help." }
}
if ($problems.Count -gt 0) {
    throw "The help of $ModuleName is incomplete ($($problems.Count) problems):`n  " + ($problems -join "`n  ")
}

$null = New-Item -ItemType Directory -Force $HelpFolder
$target = Join-Path $HelpFolder "$ModuleName.dll-Help.xml"
Write-MamlFile $target $commands $docs
Write-Verbose "Wrote $target ($($commands.Count) cmdlets)"
