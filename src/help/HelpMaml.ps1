# The MAML that Get-Help reads for a binary module: one command element per cmdlet, from its
# metadata (Get-CommandMetadata in Build-Help.ps1) and its help as Read-CommandMarkdown returns it.
# Dot-sourced by Build-Help.ps1.

# The standard text of the parameters that SupportsPaging and SupportsShouldProcess add, used when
# the Markdown has no section of its own for one (each cmdlet's DESCRIPTION explains its paging).
$GeneratedParameters = [ordered]@{
    First             = 'Gets only the first N objects. The page size shrinks to match, so -First 10 asks the API for 10 rows, not a full page. Applies to each pipeline input separately. Default: all objects.'
    Skip              = 'Ignores the first N objects, then gets the rest (or the next -First objects). Applies to each pipeline input separately. Default: 0.'
    IncludeTotalCount = 'Writes, after the objects, the number of rows read. The count is exact ("Accuracy" 1.0) only when every page was read; when -First stopped early it reports an unknown total. Default: off.'
    WhatIf            = 'Shows what would happen if the cmdlet runs. The cmdlet is not run. Default: off.'
    Confirm           = 'Prompts you for confirmation before running the cmdlet. Default: off (unless $ConfirmPreference says otherwise).'
}

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

function Write-MamlFile {
    # The whole MAML file, the cmdlets in the order given.
    param([string] $Path, $Commands, [hashtable] $Docs)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false); NewLineChars = "`n" }
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($command in $Commands) { Write-CommandHelp $writer $command $Docs[$command.Name] }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
    # Proof that what was written is well-formed XML.
    $null = [xml](Get-Content -LiteralPath $Path -Raw)
}
