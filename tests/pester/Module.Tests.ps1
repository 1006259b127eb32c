# The module as PowerShell users meet it: manifest, exports, views and argument completion.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    $script:modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest (Join-Path $modulePath 'AmazonVitals.psd1') -ErrorAction Stop
        $manifest.Version | Should -Be ([version](Get-Item (Join-Path $modulePath 'AmazonVitals.dll')).VersionInfo.FileVersion).ToString(3)
    }

    It 'exports exactly the cmdlets it lists, with no wildcards' {
        $data = Import-PowerShellDataFile (Join-Path $modulePath 'AmazonVitals.psd1')
        $data.CmdletsToExport | Should -Not -Contain '*'
        (Get-Command -Module AmazonVitals).Name | Sort-Object | Should -Be ($data.CmdletsToExport | Sort-Object)
        $data.FunctionsToExport.Count | Should -Be 0
        $data.PrivateData.PSData.Tags | Should -Not -BeNullOrEmpty
        $data.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $data.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'ships no System.Management.Automation.dll' {
        Get-ChildItem $modulePath -Recurse -Filter System.Management.Automation.dll | Should -BeNullOrEmpty
    }

    It 'declares the real output types' {
        (Get-Command Invoke-VitalsQuery).OutputType.Name | Should -Contain 'AmazonVitals.MetricRow'
        (Get-Command Get-VitalsIssue).OutputType.Name | Should -Contain 'AmazonVitals.Issue'
        (Get-Command Get-VitalsFreshness).OutputType.Name | Should -Contain 'AmazonVitals.Freshness'
        (Get-Command Connect-Vitals).OutputType.Name | Should -Contain 'AmazonVitals.Session.VitalsSession'
    }
}

Describe 'Every cmdlet class' {
    BeforeDiscovery {
        # From the assembly, not from the manifest: a class that was written but never wired in is
        # exactly what this must catch.
        Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
        Import-Module (Get-TestModulePath) -Force
        $assembly = (Get-Command Get-VitalsSession).ImplementingType.Assembly
        $script:cmdlets = @($assembly.GetExportedTypes() | Where-Object {
                $_.IsClass -and -not $_.IsAbstract -and $_.IsSubclassOf([System.Management.Automation.Cmdlet])
            } | ForEach-Object {
                $attr = $_.GetCustomAttributes($false) | Where-Object { $_ -is [System.Management.Automation.CmdletAttribute] }
                @{ Class = $_.Name; Sealed = $_.IsSealed; Name = if ($attr) { "$($attr.VerbName)-$($attr.NounName)" } else { $null } }
            })
    }
    BeforeAll {
        $script:manifestData = Import-PowerShellDataFile (Join-Path $modulePath 'AmazonVitals.psd1')
        $script:helpSources = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'src/help'
        $script:views = [xml](Get-Content (Join-Path $modulePath 'AmazonVitals.Format.ps1xml') -Raw)
        $script:viewTypes = @($views.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName)
    }

    It '<Class> is sealed, has [Cmdlet], is exported, has a help source, and a view for its own output type' -ForEach $cmdlets {
        $Sealed | Should -BeTrue
        $Name | Should -Not -BeNullOrEmpty
        $manifestData.CmdletsToExport | Should -Contain $Name
        Test-Path (Join-Path $helpSources "$Name.md") | Should -BeTrue
        $command = Get-Command $Name
        @($command.OutputType).Count | Should -BeGreaterThan 0
        foreach ($type in $command.OutputType.Name | Where-Object { $_ -like 'AmazonVitals.*' }) {
            $viewTypes | Should -Contain $type -Because "$Name writes $type, which needs a view in AmazonVitals.Format.ps1xml"
        }
    }
}

Describe 'Argument completion' {
    It 'completes -MetricSet with the known sets; a rate query is not offered the issues set' {
        Get-Completion 'Invoke-VitalsQuery -MetricSet cr' | Should -Be 'crashMetricSet'
        Get-Completion 'Get-VitalsFreshness -MetricSet ' | Should -Contain 'issuesMetricSet'
        Get-Completion 'Invoke-VitalsQuery -MetricSet ' | Should -Be @('crashMetricSet', 'anrMetricSet', 'lmkMetricSet')
        Get-Completion 'Export-VitalsData -MetricSet i' | Should -BeNullOrEmpty
    }

    It 'does not offer an Hourly query the 7-day and 28-day metrics it would refuse' {
        Disconnect-Vitals
        Get-Completion 'Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Daily -Metric crashRate' | Should -Contain 'crashRate7dUserWeighted'
        $hourly = Get-Completion 'Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Hourly -Metric crashRate'
        $hourly | Should -Contain 'crashRate'
        $hourly | Should -Not -Contain 'crashRate7dUserWeighted'
        $hourly | Should -Not -Contain 'crashRate28dUserWeighted'
    }

    It 'completes -Metric and -Dimension from the known lists when not connected' {
        Disconnect-Vitals
        Get-Completion 'Invoke-VitalsQuery -MetricSet anrMetricSet -Metric anrRate2' | Should -Be 'anrRate28dUserWeighted'
        Get-Completion 'Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension dev' | Should -Be @('deviceModel', 'deviceType', 'deviceOS')
    }

    It 'completes -Metric from the server''s freshness metadata when connected, even for sets it does not know' {
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        Get-Completion 'Invoke-VitalsQuery -MetricSet renderingMetricSet -Metric sl' | Should -Be 'slowFrameRate'
    }

    It 'completes -PackageName with the session default and the packages used' {
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        Get-VitalsFreshness -PackageName com.example.tablet -MetricSet crashMetricSet | Out-Null
        $packages = Get-Completion 'Invoke-VitalsQuery -PackageName com.'
        $packages | Should -Contain 'com.example.tvapp'
        $packages | Should -Contain 'com.example.tablet'
    }
}

Describe 'Default views' {
    BeforeAll { Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 } }

    It 'shows metric rows as a table: StartTime, a column per dimension, a column per metric, rates as percentages' {
        $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, countryCode -Metric crashRate, crashCount -First 3
        $text = $rows | Out-String -Width 200
        $text | Should -Match '(?m)^StartTime \(UTC\) +versionCode +countryCode +crashRate +crashCount$'
        $lines = @($text -split "`r?`n" | Where-Object { $_ -match '^\d{4}-' })
        $lines.Count | Should -Be 3
        $lines[0] | Should -Match ('^\d{4}-\d\d-\d\d 00:00 +' + $rows[0].versionCode + ' +' + $rows[0].countryCode + ' +' + [regex]::Escape(('{0:0.000}%' -f (100 * $rows[0].crashRate))) + ' +' + $rows[0].crashCount + '$')
        # The object keeps the fraction.
        $rows[0].crashRate | Should -BeLessThan 0.1
    }

    It 'shows issues with their counts and the first line of the trace only' {
        $text = Get-VitalsIssue -First 2 | Out-String -Width 200
        $text | Should -Match 'Events'
        $text | Should -Not -Match '\tat '
    }

    It 'heads rows with their package, so piped packages stay apart, and leads an issue''s trace with its dimension values' {
        $text = 'com.example.tvapp', 'com.example.tablet' | Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate -First 1 | Out-String -Width 200
        $text | Should -Match 'PackageName: com\.example\.tvapp'
        $text | Should -Match 'PackageName: com\.example\.tablet'
        $issues = Get-VitalsIssue -First 2 -Dimension versionCode | Out-String -Width 200
        $issues | Should -Match '\[versionCode=\d+\] \S'
    }

    It 'shows the session without secrets, and freshness as a table' {
        Get-VitalsSession | Out-String | Should -Match 'RequestsPerSecond'
        Get-VitalsFreshness | Out-String -Width 200 | Should -Match 'crashMetricSet +\d{4}-\d\d-\d\d'
    }
}
