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
}
