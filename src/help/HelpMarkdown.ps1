# The help Markdown read with Markdig (CommonMark), as plain text: a cmdlet's .md to the parts of
# its help, an about_*.md to the text of its .help.txt. Dot-sourced by Build-Help.ps1; judges
# nothing (HelpLint.ps1 does).
#
# Markdig's node types are matched by name, never by a [Markdig...] type literal: PowerShell ships
# its own Markdig (Markdig.Signed, for ConvertFrom-Markdown), and a process that has loaded both
# would find every such name twice.

function Import-Markdig {
    # Loads Markdig once per process. It comes from NuGet through a restore of HelpDependencies.csproj
    # (a build-time tool: no module project references it, so it never ships); the assets file names
    # the package folder and the assembly NuGet picked, so the version is written only in
    # Directory.Packages.props.
    $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Markdig' } | Select-Object -First 1
    if (-not $assembly) {
        $project = Join-Path $PSScriptRoot 'HelpDependencies.csproj'
        & dotnet restore $project --nologo -v quiet | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Restoring Markdig ($project) failed with exit code $LASTEXITCODE." }
        $assets = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'obj/project.assets.json') -Raw | ConvertFrom-Json -AsHashtable
        $target = @($assets.targets.Values)[0]
        $package = @($target.Keys | Where-Object { $_ -like 'Markdig/*' })[0]
        $dll = @($target[$package].runtime.Keys | Where-Object { $_ -like '*.dll' })[0]
        $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path @($assets.packageFolders.Keys)[0] $assets.libraries[$package].path $dll))
    }
    $script:MarkdownParser = $assembly.GetType('Markdig.Markdown', $true)
    # Plain CommonMark: no extension, so the Markdown means what any CommonMark reader says it means.
    $script:MarkdownPipeline = $assembly.GetType('Markdig.MarkdownPipelineBuilder', $true)::new().Build()
}

function Read-MarkdownFile {
    # The syntax tree of a file. The comma keeps PowerShell from unrolling the document (a list of blocks).
    param([string] $Path)
    , $script:MarkdownParser::Parse([System.IO.File]::ReadAllText($Path), $script:MarkdownPipeline)
}

function Get-NodeKind {
    param($Node)
    $Node.GetType().Name
}

#region Inline text

function Add-InlineText {
    # Appends an inline container's text: Get-Help shows plain text, so the marks of code and
    # emphasis go, a link keeps its address in parentheses, and raw HTML such as <Path> stays as
    # written (in prose it is a placeholder, not markup).
    param([System.Text.StringBuilder] $Text, $Container)
    foreach ($node in $Container) {
        switch (Get-NodeKind $node) {
            'LiteralInline' { $null = $Text.Append($node.Content.ToString()) }
            'CodeInline' { $null = $Text.Append($node.Content) }
            'HtmlInline' { $null = $Text.Append($node.Tag) }
            'HtmlEntityInline' { $null = $Text.Append($node.Transcoded.ToString()) }
            'AutolinkInline' { $null = $Text.Append($node.Url) }
            'LineBreakInline' {
                # CommonMark drops the spaces around a line break; a hard break stays a new line.
                while ($Text.Length -gt 0 -and $Text[$Text.Length - 1] -eq ' ') { $Text.Length-- }
                $null = $Text.Append($(if ($node.IsHard) { "`n" } else { ' ' }))
            }
            'LinkInline' {
                Add-InlineText $Text $node
                if (-not $node.IsImage -and $node.Url) { $null = $Text.Append(" ($($node.Url))") }
            }
            # Emphasis and any other container: its text without the marks.
            default { if ($node -is [System.Collections.IEnumerable]) { Add-InlineText $Text $node } }
        }
    }
}

function Get-InlineText {
    param($Container)
    $text = [System.Text.StringBuilder]::new()
    if ($null -ne $Container) { Add-InlineText $text $Container }
    $text.ToString().Trim()
}

#endregion

#region Blocks

function Get-ListLine {
    # A list as lines of text, "- item" (or "1. item"); an item's further paragraphs and nested
    # lists are indented under it.
    param($List, [string] $Indent = '')
    foreach ($item in $List) {
        $marker = if ($List.IsOrdered) { "$($item.Order)$($List.OrderedDelimiter) " } else { '- ' }
        $prefix = $Indent + $marker
        foreach ($block in $item) {
            $lines = if ((Get-NodeKind $block) -eq 'ListBlock') { Get-ListLine $block ($Indent + '  ') }
            else { (ConvertTo-Paragraph @($block)) -split "`n" | ForEach-Object { $Indent + '  ' + $_ } }
            foreach ($line in $lines) {
                # The item's first line carries its marker in place of the indent.
                if ($prefix) { $prefix + $line.Substring($Indent.Length + 2); $prefix = $null } else { $line }
            }
        }
    }
}

function ConvertTo-Paragraph {
    # Blocks to the strings of maml:para elements: a paragraph is one line, a list one string with
    # an item a line, code verbatim (Get-Help trims the start of a paragraph, so an indent would
    # hold for all but the first line).
    param($Blocks)
    foreach ($block in $Blocks) {
        switch (Get-NodeKind $block) {
            'ParagraphBlock' { Get-InlineText $block.Inline }
            'HeadingBlock' { Get-InlineText $block.Inline }
            'ListBlock' { (Get-ListLine $block) -join "`n" }
            'QuoteBlock' { ConvertTo-Paragraph $block }
            { $_ -in 'FencedCodeBlock', 'CodeBlock', 'HtmlBlock' } { $block.Lines.ToString() }
            # Thematic breaks and link reference definitions have no text.
        }
    }
}

function Test-CodeBlock {
    param($Block)
    (Get-NodeKind $Block) -in 'FencedCodeBlock', 'CodeBlock'
}

function Split-Section {
    # Blocks grouped under the headings of one level, in order: @{ Title; Blocks }. Blocks before
    # the first such heading (the title, for one) belong to no section; headings of other levels
    # are content.
    param($Blocks, [int] $Level)
    $current = $null
    foreach ($block in $Blocks) {
        if ((Get-NodeKind $block) -eq 'HeadingBlock' -and $block.Level -eq $Level) {
            if ($current) { $current }
            $current = [pscustomobject]@{ Title = Get-InlineText $block.Inline; Blocks = [System.Collections.Generic.List[object]]::new() }
        }
        elseif ($current) { $current.Blocks.Add($block) }
    }
    if ($current) { $current }
}

function Get-Title {
    # The text of the first level-1 heading, or $null.
    param($Document)
    foreach ($block in $Document) {
        if ((Get-NodeKind $block) -eq 'HeadingBlock' -and $block.Level -eq 1) { return Get-InlineText $block.Inline }
    }
}

#endregion

#region Cmdlet help

function Read-ParameterHelp {
    # One "### -Name" section: its paragraphs and its default. Name is $null when the heading is not
    # "-Name" (HelpLint.ps1 says so).
    param($Section)
    $paragraphs = @(ConvertTo-Paragraph $Section.Blocks)
    # "Default: 3, the API's limit." -> "3, the API's limit"; the "Default value" line of
    # Get-Help -Full gets its first sentence up to any "; " or ": " (the description keeps
    # it all). Parentheses stay: "7 days (Daily) or 24 hours (Hourly)" cut at " (" read "7 days".
    $default = $paragraphs | ForEach-Object { if ($_ -match '(?:^|\s)Default:\s*(.+?)\.?\s*$') { $Matches[1] } } | Select-Object -Last 1
    [pscustomobject]@{
        Heading      = $Section.Title
        Name         = if ($Section.Title -match '^-(\w+)$') { $Matches[1] } else { $null }
        Paragraphs   = $paragraphs
        Default      = $default
        ShortDefault = if ($default) { (($default -split '\. ')[0] -split '; |: ')[0].TrimEnd('.', ',') } else { $null }
    }
}

function Read-ExampleHelp {
    # One "### Example N: title" section: its code blocks are the code, everything else explains it.
    param($Section)
    [pscustomobject]@{
        Title   = $Section.Title
        Code    = (@($Section.Blocks | Where-Object { Test-CodeBlock $_ } | ForEach-Object { $_.Lines.ToString() }) -join "`n`n")
        Remarks = @(ConvertTo-Paragraph @($Section.Blocks | Where-Object { -not (Test-CodeBlock $_) }))
    }
}

function Read-RelatedLink {
    # The items of the lists in RELATED LINKS: "[text](uri)" or a bare name.
    param($Blocks)
    foreach ($list in @($Blocks | Where-Object { (Get-NodeKind $_) -eq 'ListBlock' })) {
        foreach ($item in $list) {
            $inline = @($item)[0].Inline
            $link = if ($null -ne $inline) { @($inline)[0] }
            if ($link -and (Get-NodeKind $link) -eq 'LinkInline') { [pscustomobject]@{ Text = Get-InlineText $link; Uri = $link.Url } }
            else { [pscustomobject]@{ Text = Get-InlineText $inline; Uri = '' } }
        }
    }
}

function Get-SectionBlock {
    # The blocks of the first section of that title, always as an array: a lone list handed on by
    # itself would be taken apart into its items.
    param($Sections, [string] $Title)
    , @($Sections | Where-Object Title -EQ $Title | Select-Object -First 1 | ForEach-Object Blocks)
}

function Read-TypeHelp {
    # The "### Type name" sections of INPUTS or OUTPUTS.
    param($Blocks)
    foreach ($section in Split-Section $Blocks 3) { [pscustomobject]@{ Type = $section.Title; Paragraphs = @(ConvertTo-Paragraph $section.Blocks) } }
}

function Read-CommandMarkdown {
    # A cmdlet's .md (format: src/help/README.md) as the parts of its help. Sections and
    # ParameterHeadings keep every heading as written, twice-written ones too, for HelpLint.ps1.
    param([string] $Path)
    $document = Read-MarkdownFile $Path
    $sections = @(Split-Section $document 2)
    $parameters = @(Split-Section (Get-SectionBlock $sections 'PARAMETERS') 3 | ForEach-Object { Read-ParameterHelp $_ })
    $byName = [ordered]@{}
    foreach ($parameter in $parameters | Where-Object Name) { if (-not $byName.Contains($parameter.Name)) { $byName[$parameter.Name] = $parameter } }
    [pscustomobject]@{
        Path              = $Path
        Name              = Get-Title $document
        Sections          = @($sections | ForEach-Object Title)
        Synopsis          = @(ConvertTo-Paragraph (Get-SectionBlock $sections 'SYNOPSIS'))
        Description       = @(ConvertTo-Paragraph (Get-SectionBlock $sections 'DESCRIPTION'))
        Examples          = @(Split-Section (Get-SectionBlock $sections 'EXAMPLES') 3 | ForEach-Object { Read-ExampleHelp $_ })
        ParameterHeadings = @($parameters | ForEach-Object Heading)
        Parameters        = $byName
        Inputs            = @(Read-TypeHelp (Get-SectionBlock $sections 'INPUTS'))
        Outputs           = @(Read-TypeHelp (Get-SectionBlock $sections 'OUTPUTS'))
        Notes             = @(ConvertTo-Paragraph (Get-SectionBlock $sections 'NOTES'))
        Links             = @(Read-RelatedLink (Get-SectionBlock $sections 'RELATED LINKS'))
    }
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

function ConvertTo-AboutBlock {
    # One block as lines of the topic: text wrapped at 4, list items with a hanging indent, code at 8.
    param($Block)
    switch (Get-NodeKind $Block) {
        'ListBlock' {
            foreach ($line in Get-ListLine $Block) {
                $lead = ($line -replace '^(\s*).*', '$1').Length
                $hang = if ($line -match '^(\s*\S+\s+)') { 4 + $Matches[1].Length } else { 6 + $lead }
                Format-Wrapped $line $hang (4 + $lead)
            }
        }
        { Test-CodeBlock $Block } { foreach ($c in $Block.Lines.ToString() -split "`n") { if ($c) { '        ' + $c } else { '' } } }
        default { foreach ($p in ConvertTo-Paragraph @($Block)) { Format-Wrapped $p 4 } }
    }
}

function ConvertTo-AboutText {
    # about_X.md -> the plain text of about_X.help.txt: "## HEADING" at column 0, text at 4,
    # "### Subheading" underlined at 4, lists with a hanging indent, code at 8, all within 80 columns.
    param([string] $Path)
    $document = Read-MarkdownFile $Path
    $title = Get-Title $document
    if (-not $title) { throw "$Path has no '# about_Name' title." }
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC'); $out.Add("    $title"); $out.Add('')
    foreach ($section in Split-Section $document 2) {
        $out.Add($section.Title.ToUpperInvariant())
        # The text before the first subheading is a subsection without a heading.
        $untitled = [System.Collections.Generic.List[object]]::new()
        foreach ($block in $section.Blocks) { if ((Get-NodeKind $block) -eq 'HeadingBlock' -and $block.Level -eq 3) { break }; $untitled.Add($block) }
        foreach ($sub in @([pscustomobject]@{ Title = ''; Blocks = $untitled }) + @(Split-Section $section.Blocks 3)) {
            if ($sub.Title) { $out.Add('    ' + $sub.Title); $out.Add('    ' + ('-' * $sub.Title.Length)) }
            foreach ($block in $sub.Blocks) {
                foreach ($line in @(ConvertTo-AboutBlock $block)) { $out.Add($line) }
                $out.Add('')
            }
        }
    }
    while ($out.Count -gt 0 -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    ($out -join "`n") + "`n"
}

#endregion
