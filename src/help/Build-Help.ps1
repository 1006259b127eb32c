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

    It throws, listing every problem at once, when an exported cmdlet has no .md file, or its .md
    lacks a synopsis, a description, two examples with code, or a parameter the cmdlet has (common
    parameters, -WhatIf/-Confirm and the SupportsPaging parameters -First/-Skip/-IncludeTotalCount
    excepted), or describes a parameter without stating its default ("Default: ...").

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

# Parameters that every cmdlet gets or that SupportsPaging/SupportsShouldProcess add: documented
# once in the cmdlet's description (paging) or by PowerShell itself (common parameters).
$CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$GeneratedParameters = [ordered]@{
    First             = 'Gets only the first N objects. The page size shrinks to match, so -First 10 asks the API for 10 rows, not a full page. Applies to each pipeline input separately. Default: all objects.'
    Skip              = 'Ignores the first N objects, then gets the rest (or the next -First objects). Applies to each pipeline input separately. Default: 0.'
    IncludeTotalCount = 'Writes, after the objects, the number of rows read. The count is exact ("Accuracy" 1.0) only when every page was read; when -First stopped early it reports an unknown total. Default: off.'
    WhatIf            = 'Shows what would happen if the cmdlet runs. The cmdlet is not run. Default: off.'
    Confirm           = 'Prompts you for confirmation before running the cmdlet. Default: off (unless $ConfirmPreference says otherwise).'
}

#region Markdown

function Split-Section {
    # Splits lines into sections at headings of exactly the given level: ordered name -> lines.
    param([string[]] $Lines, [int] $Level)
    $marker = ('#' * $Level) + ' '
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($marker)) {
            $current = $line.Substring($marker.Length).Trim()
            if ($sections.Contains($current)) { $current = "$current`0$($sections.Count)" }
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) {
            $sections[$current].Add($line)
        }
    }
    $sections
}

function ConvertFrom-Inline {
    # Markdown inline marks to plain text: `code`, **bold**, [text](url), \-escapes.
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]+)\)', '$1 ($2)')
    $Text = [regex]::Replace($Text, '(?<!`)`([^`]+)`(?!`)', '$1')
    $Text = [regex]::Replace($Text, '\*\*([^*]+)\*\*', '$1')
    $Text -replace '\\([\\`*_\[\]#-])', '$1'
}

function Get-Block {
    # Lines to blocks: @{ Kind = 'para'|'list'|'code'; Lines }. Paragraph lines are joined with a
    # space; list items keep one item per entry; code keeps its lines verbatim.
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $kind = $null
    $flush = {
        if ($buffer.Count -gt 0) {
            $blocks.Add([pscustomobject]@{ Kind = $kind; Lines = $buffer.ToArray() })
            $buffer.Clear()
        }
    }
    $inFence = $false
    foreach ($line in $Lines) {
        if ($inFence) {
            if ($line -match '^\s*```\s*$') { $inFence = $false; & $flush; $kind = $null }
            else { $buffer.Add($line) }
            continue
        }
        if ($line -match '^\s*```') { & $flush; $kind = 'code'; $inFence = $true; continue }
        if ($line -match '^\s*$') { & $flush; $kind = $null; continue }
        if ($line -match '^\s*(?:[-*]|\d+\.)\s+(.*)$') {
            if ($kind -ne 'list') { & $flush; $kind = 'list' }
            $buffer.Add($line.Trim())
            continue
        }
        if ($kind -eq 'list' -and $line -match '^\s+\S') {
            # A continuation line of the previous list item.
            $buffer[$buffer.Count - 1] += ' ' + $line.Trim()
            continue
        }
        if ($kind -ne 'para') { & $flush; $kind = 'para' }
        $buffer.Add($line.Trim())
    }
    if ($inFence) { throw 'A code fence (```) is not closed.' }
    & $flush
    $blocks
}

function ConvertTo-Paragraph {
    # Blocks to the strings of maml:para elements.
    param([string[]] $Lines)
    foreach ($block in @(Get-Block $Lines)) {
        switch ($block.Kind) {
            'para' { ConvertFrom-Inline ($block.Lines -join ' ') }
            'list' { ($block.Lines | ForEach-Object { ConvertFrom-Inline ($_ -replace '^([-*])\s+', '- ') }) -join "`n" }
            # Verbatim: Get-Help trims the start of a paragraph, so an indent would hold for all but the first line.
            'code' { $block.Lines -join "`n" }
        }
    }
}

function Read-CommandMarkdown {
    param([string] $Path)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $name = ($lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1)
    $doc = [ordered]@{
        Path = $Path; Name = if ($name) { $name.Substring(2).Trim() } else { $null }
        Synopsis = @(); Description = @(); Examples = @(); Parameters = [ordered]@{}
        Inputs = @(); Outputs = @(); Notes = @(); Links = @(); Problems = [System.Collections.Generic.List[string]]::new()
    }
    $known = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
    $sections = Split-Section $lines 2
    foreach ($key in $sections.Keys) {
        if ($key -notin $known) { $doc.Problems.Add("unknown section '## $key' (expected one of: $($known -join ', '))") }
    }
    if ($sections.Contains('SYNOPSIS')) { $doc.Synopsis = @(ConvertTo-Paragraph $sections['SYNOPSIS']) }
    if ($sections.Contains('DESCRIPTION')) { $doc.Description = @(ConvertTo-Paragraph $sections['DESCRIPTION']) }
    if ($sections.Contains('NOTES')) { $doc.Notes = @(ConvertTo-Paragraph $sections['NOTES']) }
    if ($sections.Contains('EXAMPLES')) {
        $examples = Split-Section $sections['EXAMPLES'] 3
        $doc.Examples = @(foreach ($title in $examples.Keys) {
                # Code fences are the example's code; every other line explains it.
                $code = @(Get-Block $examples[$title] | Where-Object Kind -EQ 'code' | ForEach-Object { $_.Lines -join "`n" })
                $inFence = $false
                $text = foreach ($line in $examples[$title]) {
                    if ($line -match '^\s*```') { $inFence = -not $inFence; ''; continue }
                    if (-not $inFence) { $line }
                }
                $remarks = @(ConvertTo-Paragraph @($text))
                [pscustomobject]@{ Title = ($title -split "`0")[0]; Code = ($code -join "`n`n"); Remarks = $remarks }
            })
    }
    if ($sections.Contains('PARAMETERS')) {
        $parameters = Split-Section $sections['PARAMETERS'] 3
        foreach ($heading in $parameters.Keys) {
            if ($heading -notmatch '^-(\w+)$') { $doc.Problems.Add("parameter heading '### $heading' must be '### -Name'"); continue }
            $name = $Matches[1]
            $paragraphs = @(ConvertTo-Paragraph $parameters[$heading])
            # "Default: 3, the API's limit." -> "3, the API's limit"; the "Default value" line of
            # Get-Help -Full gets its first sentence up to any "; " or ": " (the description keeps
            # it all). Parentheses stay: "7 days (Daily) or 24 hours (Hourly)" cut at " (" read "7 days".
            $default = $paragraphs | ForEach-Object { if ($_ -match '(?:^|\s)Default:\s*(.+?)\.?\s*$') { $Matches[1] } } | Select-Object -Last 1
            $short = if ($default) { (($default -split '\. ')[0] -split '; |: ')[0].TrimEnd('.', ',') } else { $null }
            $doc.Parameters[$name] = [pscustomobject]@{ Name = $name; Paragraphs = $paragraphs; Default = $default; ShortDefault = $short }
        }
    }
    foreach ($section in 'INPUTS', 'OUTPUTS') {
        if (-not $sections.Contains($section)) { continue }
        $types = Split-Section $sections[$section] 3
        $doc[$(if ($section -eq 'INPUTS') { 'Inputs' } else { 'Outputs' })] = @(foreach ($type in $types.Keys) {
                [pscustomobject]@{ Type = ($type -split "`0")[0]; Paragraphs = @(ConvertTo-Paragraph $types[$type]) }
            })
    }
    if ($sections.Contains('RELATED LINKS')) {
        $doc.Links = @(foreach ($line in $sections['RELATED LINKS']) {
                if ($line -match '^\s*[-*]\s+\[([^\]]+)\]\(([^)]*)\)') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
                elseif ($line -match '^\s*[-*]\s+(.+?)\s*$') { [pscustomobject]@{ Text = $Matches[1]; Uri = '' } }
            })
    }
    [pscustomobject]$doc
}

#endregion

#region About topics

function Format-Wrapped {
    # Wraps text at 80 columns with an indent (and a different indent for the first line).
    param([string] $Text, [int] $Indent, [int] $FirstIndent = $Indent, [int] $Width = 80)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $FirstIndent
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $Width) {
            $lines.Add($line)
            $line = ' ' * $Indent
            $empty = $true
        }
        $line += $(if ($empty) { '' } else { ' ' }) + $word
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    $lines
}

function ConvertTo-AboutText {
    # about_X.md -> the plain text of about_X.help.txt: "## HEADING" at column 0, text at 4,
    # "### Subheading" underlined at 4, lists with a hanging indent, code at 8, all within 80 columns.
    param([string] $Path)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $out = [System.Collections.Generic.List[string]]::new()
    $title = $lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1
    if (-not $title) { throw "$Path has no '# about_Name' title." }
    $out.Add('TOPIC'); $out.Add('    ' + $title.Substring(2).Trim()); $out.Add('')
    foreach ($section in (Split-Section $lines 2).GetEnumerator()) {
        $out.Add($section.Key.ToUpperInvariant())
        foreach ($sub in (Split-Section (@('### ') + $section.Value) 3).GetEnumerator()) {
            $heading = ($sub.Key -split "`0")[0]
            if ($heading) { $out.Add('    ' + $heading); $out.Add('    ' + ('-' * $heading.Length)) }
            foreach ($block in @(Get-Block $sub.Value)) {
                switch ($block.Kind) {
                    'para' { Format-Wrapped (ConvertFrom-Inline ($block.Lines -join ' ')) 4 | ForEach-Object { $out.Add($_) } }
                    'list' {
                        foreach ($item in $block.Lines) {
                            $text = ConvertFrom-Inline ($item -replace '^[-*]\s+', '- ')
                            $hang = if ($text -match '^(\S+\s+)') { 4 + $Matches[1].Length } else { 6 }
                            Format-Wrapped $text $hang 4 | ForEach-Object { $out.Add($_) }
                        }
                    }
                    'code' { foreach ($c in $block.Lines) { $out.Add($(if ($c) { '        ' + $c } else { '' })) } }
                }
                $out.Add('')
            }
        }
    }
    while ($out.Count -gt 0 -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    ($out -join "`n") + "`n"
}

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

#endregion

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

#region Checks

function Test-CommandHelp {
    # Every problem of one cmdlet's Markdown, as strings; none means it is complete.
    param($Command, $Doc)
    $problems = [System.Collections.Generic.List[string]]::new()
    $Doc.Problems | ForEach-Object { $problems.Add($_) }
    if ($Doc.Name -ne $Command.Name) { $problems.Add("the title must be '# $($Command.Name)' (found '# $($Doc.Name)')") }
    if (-not ($Doc.Synopsis -join '').Trim()) { $problems.Add('no synopsis (## SYNOPSIS)') }
    if (-not ($Doc.Description -join '').Trim()) { $problems.Add('no description (## DESCRIPTION)') }
    $withCode = @($Doc.Examples | Where-Object { $_.Code.Trim() })
    if ($withCode.Count -lt 2) { $problems.Add("$($withCode.Count) examples with a code block; at least 2 are needed (## EXAMPLES, ### Example 1: title, then a powershell code block)") }
    foreach ($example in $Doc.Examples) {
        if (-not $example.Code.Trim()) { $problems.Add("example '$($example.Title)' has no code block") }
        if (-not ($example.Remarks -join '').Trim()) { $problems.Add("example '$($example.Title)' has no explanation after its code") }
    }
    foreach ($name in $Command.Parameters) {
        if ($GeneratedParameters.Contains($name) -and -not $Doc.Parameters.Contains($name)) { continue }
        if (-not $Doc.Parameters.Contains($name)) { $problems.Add("parameter -$name is not documented (### -$name under ## PARAMETERS)"); continue }
        $parameter = $Doc.Parameters[$name]
        if (-not ($parameter.Paragraphs -join '').Trim()) { $problems.Add("parameter -$name has no description") }
        elseif (-not $parameter.Default) { $problems.Add("parameter -$name does not state its default (a sentence 'Default: ...')") }
    }
    foreach ($name in $Doc.Parameters.Keys) {
        if ($name -notin $Command.Parameters) { $problems.Add("documents -$name, which the cmdlet does not have") }
    }
    if (@($Doc.Links).Count -eq 0) { $problems.Add('no related links (## RELATED LINKS, a list of names)') }
    $problems
}

#endregion

#region MAML

$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $NsMaml, $p) }
    if (-not $Paragraphs) { $Writer.WriteElementString('maml', 'para', $NsMaml, '') }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $NsMaml)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Get-PipelineInput {
    param($Parameter)
    $how = @()
    if ($Parameter.ByValue) { $how += 'ByValue' }
    if ($Parameter.ByPropertyName) { $how += 'ByPropertyName' }
    if ($how) { "True ($($how -join ', '))" } else { 'False' }
}

function Write-Parameter {
    # One command:parameter, for a syntax item ($InSyntax) or the parameters section.
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Doc, [bool] $Required, [switch] $InSyntax)
    $documented = if ($Doc.Parameters.Contains($Parameter.Name)) { $Doc.Parameters[$Parameter.Name] } else { $null }
    $paragraphs = if ($documented) { $documented.Paragraphs } elseif ($GeneratedParameters.Contains($Parameter.Name)) { @($GeneratedParameters[$Parameter.Name]) } else { @() }
    $default = if ($documented -and $documented.ShortDefault) { $documented.ShortDefault } elseif ($GeneratedParameters.Contains($Parameter.Name) -and $GeneratedParameters[$Parameter.Name] -match 'Default:\s*(.+?)\.?$') { $Matches[1] } else { 'None' }
    $Writer.WriteStartElement('command', 'parameter', $NsCommand)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $(if ($Parameter.Type -like '*[[]]') { 'true' } else { 'false' }))
    $Writer.WriteAttributeString('globbing', $Parameter.Wildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $Writer.WriteAttributeString('position', $(if ($Parameter.Position -ge 0) { [string]$Parameter.Position } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $NsMaml, $Parameter.Name)
    Write-Description $Writer $paragraphs
    if ($InSyntax -and $Parameter.ValidValues) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $NsCommand)
        foreach ($value in $Parameter.ValidValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $NsCommand, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $Parameter.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
        $Writer.WriteAttributeString('required', $(if ($Parameter.IsSwitch) { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Parameter.ShortType)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $NsDev)
    $Writer.WriteElementString('maml', 'name', $NsMaml, $Parameter.Type)
    $Writer.WriteElementString('maml', 'uri', $NsMaml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $NsDev, $default)
    $Writer.WriteEndElement()
}

function Get-NamedParameter {
    # A parameter set's parameters, never a $null or nameless one: a set without parameters can come
    # back from JSON as null, and $null passes "Position -LT 0", which would write a parameter entry
    # without a name (a bare "-" in Get-Help).
    param($Set)
    $Set.Parameters | Where-Object { $null -ne $_ -and -not [string]::IsNullOrWhiteSpace($_.Name) }
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Command, $Doc)
    $Writer.WriteStartElement('command', 'command', $NsCommand)
    foreach ($ns in @(('maml', $NsMaml), ('command', $NsCommand), ('dev', $NsDev))) {
        $Writer.WriteAttributeString('xmlns', $ns[0], 'http://www.w3.org/2000/xmlns/', $ns[1])
    }

    $Writer.WriteStartElement('command', 'details', $NsCommand)
    $Writer.WriteElementString('command', 'name', $NsCommand, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $NsCommand, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $NsCommand, $Command.Noun)
    Write-Description $Writer $Doc.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Doc.Description

    # One syntax item per parameter set, the default set first, positional parameters in order.
    $Writer.WriteStartElement('command', 'syntax', $NsCommand)
    foreach ($set in $Command.Sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $NsCommand)
        $Writer.WriteElementString('maml', 'name', $NsMaml, $Command.Name)
        $named = @(Get-NamedParameter $set)
        $ordered = @($named | Where-Object Position -GE 0 | Sort-Object Position) + @($named | Where-Object Position -LT 0)
        foreach ($p in $ordered) { Write-Parameter $Writer $p $Doc $p.Mandatory -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Each parameter once, in the order the Markdown gives (then any generated ones); required
    # when it is mandatory in every set it belongs to. A cmdlet without parameters of its own gets
    # the element with no entry in it: Get-Help then lists only <CommonParameters> (without the
    # element it would not even list those).
    $Writer.WriteStartElement('command', 'parameters', $NsCommand)
    $byName = [ordered]@{}
    foreach ($set in $Command.Sets) { foreach ($p in @(Get-NamedParameter $set)) { if (-not $byName.Contains($p.Name)) { $byName[$p.Name] = [System.Collections.Generic.List[object]]::new() }; $byName[$p.Name].Add($p) } }
    $order = @($Doc.Parameters.Keys | Where-Object { $byName.Contains($_) }) + @($byName.Keys | Where-Object { -not $Doc.Parameters.Contains($_) })
    foreach ($name in $order) {
        $entries = $byName[$name]
        $required = -not ($entries | Where-Object { -not $_.Mandatory })
        Write-Parameter $Writer $entries[0] $Doc $required
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Entries = $Doc.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Entries = $Doc.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $NsCommand)
        foreach ($entry in $kind.Entries) {
            $Writer.WriteStartElement('command', $kind.Item, $NsCommand)
            $Writer.WriteStartElement('dev', 'type', $NsDev)
            $Writer.WriteElementString('maml', 'name', $NsMaml, $entry.Type)
            $Writer.WriteEndElement()
            Write-Description $Writer $entry.Paragraphs
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $NsMaml)
    $Writer.WriteStartElement('maml', 'alert', $NsMaml)
    Write-Para $Writer $Doc.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $NsCommand)
    $number = 0
    foreach ($example in $Doc.Examples) {
        $number++
        $Writer.WriteStartElement('command', 'example', $NsCommand)
        $Writer.WriteElementString('maml', 'title', $NsMaml, "--------- $($example.Title) ---------")
        $Writer.WriteElementString('dev', 'code', $NsDev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $NsDev)
        # The empty paragraph is the blank line before the next example's title.
        Write-Para $Writer (@($example.Remarks) + '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $NsCommand)
    foreach ($link in $Doc.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $NsMaml)
        $Writer.WriteElementString('maml', 'linkText', $NsMaml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $NsMaml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

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
    foreach ($problem in @(Test-CommandHelp $command $doc)) { $problems.Add("$($command.Name).md: $problem") }
}
foreach ($md in Get-ChildItem -LiteralPath $SourceFolder -Filter '*-*.md') {
    if ($md.BaseName -notin $commands.Name) { Write-Warning "$($md.Name) documents no cmdlet that $ModuleName exports; it is not in the help." }
}
if ($problems.Count -gt 0) {
    throw "The help of $ModuleName is incomplete ($($problems.Count) problems):`n  " + ($problems -join "`n  ")
}

$null = New-Item -ItemType Directory -Force $HelpFolder
$target = Join-Path $HelpFolder "$ModuleName.dll-Help.xml"
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false); NewLineChars = "`n" }
$writer = [System.Xml.XmlWriter]::Create($target, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) { Write-CommandHelp $writer $command $docs[$command.Name] }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
# Proof that what was written is well-formed XML.
$null = [xml](Get-Content -LiteralPath $target -Raw)
Write-Verbose "Wrote $target ($($commands.Count) cmdlets)"
