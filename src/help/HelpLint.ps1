# The rules a cmdlet's help must meet (src/help/README.md lists them for writers), apart from how
# the Markdown is read (HelpMarkdown.ps1): each function takes the help as Read-CommandMarkdown
# returns it and gives its problems as sentences that say what to write. Dot-sourced by
# Build-Help.ps1, which refuses to build while any is left.

$KnownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

function Test-HelpTitle {
    param($Command, $Doc)
    if ($Doc.Name -ne $Command.Name) { "the title must be '# $($Command.Name)' (found '# $($Doc.Name)')" }
}

function Test-HelpSection {
    # Only the sections Get-Help has a place for, each once: a misspelt or repeated heading would
    # otherwise lose its text without a word.
    param($Doc)
    foreach ($title in $Doc.Sections) {
        if ($title -notin $KnownSections) { "unknown section '## $title' (expected one of: $($KnownSections -join ', '))" }
    }
    foreach ($twice in $Doc.Sections | Group-Object -CaseSensitive | Where-Object Count -GT 1) {
        "section '## $($twice.Name)' is written $($twice.Count) times; write it once"
    }
}

function Test-HelpText {
    param($Doc)
    if (-not ($Doc.Synopsis -join '').Trim()) { 'no synopsis (## SYNOPSIS)' }
    if (-not ($Doc.Description -join '').Trim()) { 'no description (## DESCRIPTION)' }
}

function Test-HelpExample {
    # Two examples at least, each a command and what it does: Get-Help -Examples is what most
    # people read.
    param($Doc)
    $withCode = @($Doc.Examples | Where-Object { $_.Code.Trim() })
    if ($withCode.Count -lt 2) { "$($withCode.Count) examples with a code block; at least 2 are needed (## EXAMPLES, ### Example 1: title, then a powershell code block)" }
    foreach ($example in $Doc.Examples) {
        if (-not $example.Code.Trim()) { "example '$($example.Title)' has no code block" }
        if (-not ($example.Remarks -join '').Trim()) { "example '$($example.Title)' has no explanation after its code" }
    }
}

function Test-HelpParameter {
    # Every parameter the cmdlet has is described with its default, and nothing else is: the
    # Markdown must follow the code. $Generated are the parameters that get a standard text when
    # not written (-First, -Skip, -IncludeTotalCount, -WhatIf, -Confirm).
    param($Command, $Doc, [string[]] $Generated)
    foreach ($heading in $Doc.ParameterHeadings) {
        if ($heading -notmatch '^-(\w+)$') { "parameter heading '### $heading' must be '### -Name'" }
    }
    foreach ($twice in $Doc.ParameterHeadings | Where-Object { $_ -match '^-(\w+)$' } | Group-Object | Where-Object Count -GT 1) {
        "parameter $($twice.Name) is documented $($twice.Count) times; write it once"
    }
    foreach ($name in $Command.Parameters) {
        if (-not $Doc.Parameters.Contains($name)) {
            if ($name -notin $Generated) { "parameter -$name is not documented (### -$name under ## PARAMETERS)" }
            continue
        }
        $parameter = $Doc.Parameters[$name]
        if (-not ($parameter.Paragraphs -join '').Trim()) { "parameter -$name has no description" }
        elseif (-not $parameter.Default) { "parameter -$name does not state its default (a sentence 'Default: ...')" }
    }
    foreach ($name in $Doc.Parameters.Keys) {
        if ($name -notin $Command.Parameters) { "documents -$name, which the cmdlet does not have" }
    }
}

function Test-HelpLink {
    param($Doc)
    if (@($Doc.Links).Count -eq 0) { 'no related links (## RELATED LINKS, a list of names)' }
}

function Test-CommandHelp {
    # Every problem of one cmdlet's help, as strings; none means it is complete.
    param([Parameter(Mandatory)] $Command, [Parameter(Mandatory)] $Doc, [string[]] $Generated = @())
    Test-HelpTitle $Command $Doc
    Test-HelpSection $Doc
    Test-HelpText $Doc
    Test-HelpExample $Doc
    Test-HelpParameter $Command $Doc $Generated
    Test-HelpLink $Doc
}
