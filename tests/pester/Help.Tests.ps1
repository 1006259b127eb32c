# The help of every exported cmdlet and the about topic, as Get-Help shows it from the built
# module, and the help generator's refusal of incomplete help (src/help/Build-Help.ps1).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    # Parameters every cmdlet gets, or that SupportsPaging/SupportsShouldProcess add: their help
    # is PowerShell's or generated, and each cmdlet's DESCRIPTION explains its paging.
    $skip = [System.Management.Automation.PSCmdlet]::CommonParameters +
        [System.Management.Automation.PSCmdlet]::OptionalCommonParameters + 'First', 'Skip', 'IncludeTotalCount'
    $script:commands = @(Get-Command -Module AmazonVitals -CommandType Cmdlet, Function | Sort-Object Name | ForEach-Object {
            @{ Name = $_.Name; Parameters = @($_.Parameters.Keys | Where-Object { $_ -notin $skip }) }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:repo = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $script:sources = Join-Path $repo 'src/help'
    $script:generator = Join-Path $sources 'Build-Help.ps1'
    $script:exported = @(Get-Command -Module AmazonVitals -CommandType Cmdlet, Function).Name
    function Get-Text($Value) { (@($Value) | ForEach-Object { "$_" }) -join "`n" }
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $script:help = Get-Help $Name -Full
    }

    It 'has a synopsis of its own, not the generated syntax' {
        $synopsis = (Get-Text $help.Synopsis).Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)" -Because 'Get-Help shows the syntax as the synopsis when the cmdlet has no help'
    }

    It 'has a description' {
        (Get-Text $help.description.Text).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            (Get-Text $example.code).Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs code"
            (Get-Text $example.remarks.Text).Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs an explanation"
        }
    }

    It 'documents -<_>' -ForEach $Parameters {
        $parameter = @($help.parameters.parameter) | Where-Object name -EQ $_
        $parameter | Should -Not -BeNullOrEmpty -Because "-$_ must be in the help"
        (Get-Text $parameter.description.Text).Trim() | Should -Not -BeNullOrEmpty -Because "-$_ must be described"
    }

    It 'lists each of its parameters once, by name, and no entry without a name' {
        # A cmdlet without parameters of its own has an empty parameters node, which PowerShell
        # reads as '': its .parameter is then $null, no entry at all, so $null is not counted.
        $entries = @($help.parameters.parameter | Where-Object { $null -ne $_ })
        @($entries | Where-Object { [string]::IsNullOrWhiteSpace($_.name) }) | Should -BeNullOrEmpty
        $expected = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters })
        (@($entries | ForEach-Object { [string]$_.name } | Sort-Object) -join ', ') | Should -Be (@($expected | Sort-Object) -join ', ')
    }

    It 'has related links, each to a cmdlet of the module, an about topic or a URI' {
        $links = @($help.relatedLinks.navigationLink | Where-Object { $_.linkText -or $_.uri })
        $links.Count | Should -BeGreaterThan 0
        foreach ($link in $links) {
            ($link.linkText -in $exported -or $link.linkText -like 'about_*' -or $link.uri) |
                Should -BeTrue -Because "'$($link.linkText)' should name a cmdlet of the module or about_AmazonVitals"
        }
    }
}

Describe 'Default value lines' {
    It 'keep a parenthesis with its default: -StartTime is not cut to "7 days"' {
        $start = (Get-Help Invoke-VitalsQuery -Parameter StartTime).defaultValue
        $start | Should -Match '^7 days \(Daily\) or 24 hours \(Hourly\) before -EndTime'
        (Get-Help Invoke-VitalsQuery -Parameter PageSize).defaultValue | Should -Be '100000, the largest page'
        (Get-Help Export-VitalsData -Parameter NoClobber).defaultValue | Should -Be 'off'
    }
}

Describe 'Help of a cmdlet without parameters' {
    It 'Get-VitalsSession shows no parameter entry, only <CommonParameters>' {
        @((Get-Help Get-VitalsSession -Full).parameters.parameter | Where-Object { $null -ne $_ }) | Should -BeNullOrEmpty
        $text = Get-Help Get-VitalsSession -Full | Out-String -Width 200
        $parameters = [regex]::Match($text, '(?ms)^PARAMETERS\s*$(.*?)^INPUTS').Groups[1].Value
        $parameters | Should -Match '<CommonParameters>'
        # A nameless entry would show as a line that is a bare "-".
        $parameters | Should -Not -Match '(?m)^\s*-\s*$'
    }
}

Describe 'about_AmazonVitals' {
    BeforeAll {
        $script:topic = (Get-Help about_AmazonVitals | Out-String)
    }

    It 'is found by Get-Help' {
        $topic | Should -Match 'about_AmazonVitals'
        $topic | Should -Match 'SHORT DESCRIPTION'
    }

    It 'explains requestId, Retry-After and the exclusive -EndTime' {
        $topic | Should -Match 'requestId'
        $topic | Should -Match 'Retry-After'
        $topic | Should -Match '-EndTime is exclusive'
        $topic | Should -Match 'AMAZON_VITALS_CLIENT_ID'
    }

    It 'keeps its lines within 80 columns' {
        $built = Join-Path (Get-TestModulePath) 'en-US/about_AmazonVitals.help.txt'
        @(Get-Content $built | Where-Object Length -GT 80) | Should -BeNullOrEmpty
    }

    It 'is rendered at build time from src/help/about_AmazonVitals.md, and not kept in git' {
        $rendered = Join-Path $TestDrive 'about'
        $null = New-Item -ItemType Directory $rendered
        & $generator -SourceFolder $sources -ModuleFolder $rendered -AboutOnly
        $expected = Get-Content (Join-Path $rendered 'en-US/about_AmazonVitals.help.txt') -Raw
        $built = Get-Content (Join-Path (Get-TestModulePath) 'en-US/about_AmazonVitals.help.txt') -Raw
        $built | Should -BeExactly $expected
        Test-Path (Join-Path $repo 'module-manifest/en-US/about_AmazonVitals.help.txt') | Should -BeFalse
    }
}

Describe 'Build-Help.ps1' {
    BeforeAll {
        # A copy of the built module and of the sources, so the generator never touches either.
        $script:module = Join-Path $TestDrive 'AmazonVitals'
        Copy-Item (Get-TestModulePath) $module -Recurse
        Remove-Item (Join-Path $module 'en-US') -Recurse -ErrorAction Ignore
        function New-SourceCopy {
            $copy = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            Copy-Item $sources $copy -Recurse
            $copy
        }
    }

    It 'writes MAML with one command per exported cmdlet, and the about topic' {
        & $generator -SourceFolder $sources -ModuleFolder $module
        $xml = [xml](Get-Content (Join-Path $module 'en-US/AmazonVitals.dll-Help.xml') -Raw)
        $names = @($xml.helpItems.command | ForEach-Object { $_.details.name })
        $names | Sort-Object | Should -Be ($exported | Sort-Object)
        Join-Path $module 'en-US/about_AmazonVitals.help.txt' | Should -Exist
    }

    It 'writes no parameter entry without a name, and none at all for Get-VitalsSession' {
        & $generator -SourceFolder $sources -ModuleFolder $module
        $xml = [xml](Get-Content (Join-Path $module 'en-US/AmazonVitals.dll-Help.xml') -Raw)
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $xml.SelectNodes('//command:parameter[not(normalize-space(maml:name))]', $ns).Count | Should -Be 0
        $session = '//command:command[command:details/command:name = "Get-VitalsSession"]'
        $xml.SelectNodes("$session/command:parameters", $ns).Count | Should -Be 1 -Because 'without the element Get-Help drops <CommonParameters> too'
        $xml.SelectNodes("$session//command:parameter", $ns).Count | Should -Be 0
    }

    It 'refuses a cmdlet without a help file' {
        $copy = New-SourceCopy
        Remove-Item (Join-Path $copy 'Get-VitalsSession.md')
        { & $generator -SourceFolder $copy -ModuleFolder $module } | Should -Throw '*Get-VitalsSession: no help source*'
    }

    It 'refuses help without a synopsis or examples' {
        $copy = New-SourceCopy
        $file = Join-Path $copy 'Disconnect-Vitals.md'
        $text = Get-Content $file -Raw
        $text = $text -replace '(?s)## SYNOPSIS.*?(?=## DESCRIPTION)', '' -replace '(?s)## EXAMPLES.*?(?=## PARAMETERS)', ''
        Set-Content $file $text
        $problem = { & $generator -SourceFolder $copy -ModuleFolder $module } | Should -Throw -PassThru
        $problem.Exception.Message | Should -Match 'Disconnect-Vitals.md: no synopsis'
        $problem.Exception.Message | Should -Match 'Disconnect-Vitals.md: 0 examples'
    }

    It 'refuses an undocumented parameter, and a parameter without its default' {
        $copy = New-SourceCopy
        $file = Join-Path $copy 'Invoke-VitalsQuery.md'
        $text = Get-Content $file -Raw
        $text = $text -replace '(?s)### -MetricSet.*?(?=### -AggregationPeriod)', '' -replace 'Default: Daily\.', 'Daily is the usual choice.'
        Set-Content $file $text
        $problem = { & $generator -SourceFolder $copy -ModuleFolder $module } | Should -Throw -PassThru
        $problem.Exception.Message | Should -Match 'parameter -MetricSet is not documented'
        $problem.Exception.Message | Should -Match 'parameter -AggregationPeriod does not state its default'
    }

    Context 'lint rules (HelpLint.ps1)' {
        # One run over sources broken once per rule (Invoke-VitalsQuery.md twice), so each rule is
        # seen to refuse with its own message, all in one list, and nothing else is refused.
        BeforeAll {
            $script:broken = New-SourceCopy
            function Edit-HelpSource([string] $Name, [string] $Pattern, [string] $Replacement) {
                $file = Join-Path $broken $Name
                $text = Get-Content $file -Raw
                $edited = [regex]::Replace($text, $Pattern, $Replacement)
                # An edit that matched nothing would leave a rule untested without a word.
                if ($edited -eq $text) { throw "${Name}: '$Pattern' matches nothing" }
                Set-Content $file $edited -NoNewline
            }
            Edit-HelpSource 'Connect-Vitals.md' '(?m)^# Connect-Vitals$' '# Connect-Vitalz'
            Edit-HelpSource 'Disconnect-Vitals.md' '(?m)^## NOTES$' '## NOTE'
            Edit-HelpSource 'Export-VitalsData.md' '(?m)^## RELATED LINKS$' "## NOTES`nMore notes.`n`n## RELATED LINKS"
            Edit-HelpSource 'Export-VitalsReport.md' '(?s)(## DESCRIPTION\n).*?(?=## EXAMPLES)' "`$1`n"
            Edit-HelpSource 'Get-VitalsFreshness.md' '(?m)^## PARAMETERS$' "### Example 9: Words only`nNo code here.`n`n## PARAMETERS"
            Edit-HelpSource 'Get-VitalsHealth.md' '(?m)^## PARAMETERS$' "### Example 9: Code only`n``````powershell`nGet-VitalsHealth`n```````n`n## PARAMETERS"
            Edit-HelpSource 'Get-VitalsIssue.md' '(?m)^## INPUTS$' "### Top`nThe top N. Default: 5.`n`n## INPUTS"
            Edit-HelpSource 'Get-VitalsSession.md' '(?m)^## INPUTS$' "### -Verbosely`nSays more. Default: off.`n`n## INPUTS"
            Edit-HelpSource 'Invoke-VitalsQuery.md' '(?s)(### -PageSize\n).*?(?=### -Session)' "`$1`n"
            Edit-HelpSource 'Invoke-VitalsQuery.md' '(?m)^## INPUTS$' "### -MetricSet`nAgain. Default: none.`n`n## INPUTS"
            Edit-HelpSource 'Assert-VitalsHealth.md' '(?s)(## RELATED LINKS\n).*' '$1'
            $script:refusal = try { & $generator -SourceFolder $broken -ModuleFolder $module; '' } catch { $_.Exception.Message }
        }

        It 'refuses the help, listing the 11 problems at once' {
            $refusal | Should -Match '^The help of AmazonVitals is incomplete \(11 problems\)'
        }

        It 'refuses <Rule>' -ForEach @(
            @{ Rule = 'a title that is not the cmdlet''s name'; Message = "Connect-Vitals.md: the title must be '# Connect-Vitals' (found '# Connect-Vitalz')" }
            @{ Rule = 'an unknown section'; Message = "Disconnect-Vitals.md: unknown section '## NOTE' (expected one of: SYNOPSIS, " }
            @{ Rule = 'a section written twice'; Message = "Export-VitalsData.md: section '## NOTES' is written 2 times; write it once" }
            @{ Rule = 'an empty description'; Message = 'Export-VitalsReport.md: no description (## DESCRIPTION)' }
            @{ Rule = 'an example without code'; Message = "Get-VitalsFreshness.md: example 'Example 9: Words only' has no code block" }
            @{ Rule = 'an example without an explanation'; Message = "Get-VitalsHealth.md: example 'Example 9: Code only' has no explanation after its code" }
            @{ Rule = 'a parameter heading without its dash'; Message = "Get-VitalsIssue.md: parameter heading '### Top' must be '### -Name'" }
            @{ Rule = 'a parameter the cmdlet does not have'; Message = 'Get-VitalsSession.md: documents -Verbosely, which the cmdlet does not have' }
            @{ Rule = 'a parameter without a description'; Message = 'Invoke-VitalsQuery.md: parameter -PageSize has no description' }
            @{ Rule = 'a parameter written twice'; Message = 'Invoke-VitalsQuery.md: parameter -MetricSet is documented 2 times; write it once' }
            @{ Rule = 'help without related links'; Message = 'Assert-VitalsHealth.md: no related links (## RELATED LINKS, a list of names)' }
        ) {
            $refusal | Should -Match ([regex]::Escape($Message))
        }
    }

    It 'reads the Markdown as CommonMark: marks dropped, entities decoded, nested lists and ~~~ fences kept' {
        # The home-made parser this replaced kept *emphasis* and &amp; as written, flattened the
        # nested item and took the ~~~ fence for text.
        $source = New-Item -ItemType Directory (Join-Path $TestDrive 'commonmark')
        $markdown = "# about_Test`n`n## SHORT DESCRIPTION`n*Emphasis*, ``code``, a [link](https://x.invalid), a\*b, a <Path> and &amp;.`n`n" +
            "## LONG DESCRIPTION`n- one`n- two`n  - nested`n`n~~~`ntilde fenced code`n~~~`n"
        Set-Content (Join-Path $source 'about_Test.md') $markdown -NoNewline
        & $generator -SourceFolder $source -ModuleFolder $source -AboutOnly
        $expected = "TOPIC`n    about_Test`n`nSHORT DESCRIPTION`n    Emphasis, code, a link (https://x.invalid), a*b, a <Path> and &.`n`n" +
            "LONG DESCRIPTION`n    - one`n    - two`n      - nested`n`n        tilde fenced code`n"
        Get-Content (Join-Path $source 'en-US/about_Test.help.txt') -Raw | Should -BeExactly $expected
    }
}
