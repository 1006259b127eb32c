# Get-VitalsIssue through the built module against the emulator, once per emulator profile:
# Inferred (what the module was written against) and Strict (only what the reference documents).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
}

Describe 'Get-VitalsIssue against the <EmulatorProfile> emulator' -ForEach @(@{ EmulatorProfile = 'Inferred' }, @{ EmulatorProfile = 'Strict' }) {
    BeforeAll {
        $script:emu = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
    }
    AfterAll {
        Disconnect-Vitals
        Stop-VitalsEmulator $script:emu
    }

    Context 'issues' {
        It 'writes AmazonVitals.Issue objects in the server''s ranking, with whole traces and Int64 counts' {
            $issues = @(Get-VitalsIssue)
            $issues.Count | Should -BeGreaterThan 5
            $issues[0].PSObject.TypeNames[0] | Should -Be 'AmazonVitals.Issue'
            $issues[0].PSObject.Properties.Name | Should -Be @('PackageName', 'ReportType', 'CrashDescriptor', 'ReportText', 'ErrorEventCount', 'AffectedDeviceCount')
            $issues[0].ReportType | Should -Be 'Crash'
            $issues[0].ErrorEventCount | Should -BeOfType [long]
            $issues[0].AffectedDeviceCount | Should -BeOfType [long]
            $issues[0].ReportText | Should -Match "`n"
            $counts = $issues.ErrorEventCount
            $counts | Should -Be ($counts | Sort-Object -Descending)
        }

        It 'sends startTime, endTime and reportType at the top level, without timelineSpec' {
            $seq = Get-EmulatorSeq $emu
            Get-VitalsIssue -ReportType Anr -StartTime ([datetime]'2026-11-20') -EndTime ([datetime]'2026-11-22') -ErrorAction SilentlyContinue | Out-Null
            $body = (Get-EmulatorQueryLog $emu -After $seq | Select-Object -First 1).body
            $body.reportType | Should -Be 'ANR'
            $body.startTime.day | Should -Be 20
            $body.endTime.day | Should -Be 22
            $body.PSObject.Properties.Name | Should -Not -Contain 'timelineSpec'
        }

        It 'returns ANR issues with -ReportType Anr' {
            $issues = @(Get-VitalsIssue -ReportType Anr -First 3)
            $issues.Count | Should -Be 3
            $issues.ReportType | Sort-Object -Unique | Should -Be 'Anr'
        }

        It 'pages through issues and keeps the ranking across pages' {
            $whole = Get-VitalsIssue -First 12
            $seq = Get-EmulatorSeq $emu
            $paged = Get-VitalsIssue -PageSize 5 -First 12
            @(Get-EmulatorQueryLog $emu -After $seq).Count | Should -Be 3
            $paged.CrashDescriptor | Should -Be $whole.CrashDescriptor
        }

        It 'adds the requested dimensions as properties' {
            $issues = @(Get-VitalsIssue -Dimension deviceType, osVersion -First 5)
            $issues[0].PSObject.Properties.Name | Should -Contain 'deviceType'
            $issues[0].PSObject.Properties.Name | Should -Contain 'osVersion'
            $issues.deviceType | Should -Not -BeNullOrEmpty
        }

        It '-Verbose says what it asks for before the exchange lines, as Invoke-VitalsQuery does' {
            $lines = @(Get-VitalsIssue -ReportType Anr -Dimension versionCode -First 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $plan = @($lines | Where-Object { $_ -like 'Querying the top Anr issues of com.example.tvapp: from *' })
            $plan.Count | Should -Be 1
            $plan[0] | Should -Match '\(exclusive\), 1 dimensions, pages of \d+\.$'
            [array]::IndexOf($lines, $plan[0]) | Should -BeLessThan ([array]::IndexOf($lines, @($lines | Where-Object { $_ -like 'POST *' })[0]))
        }

        It 'takes several packages from the pipeline' {
            $issues = 'com.example.tvapp', 'com.example.tablet' | Get-VitalsIssue -First 2
            $issues.PackageName | Should -Be @('com.example.tvapp', 'com.example.tvapp', 'com.example.tablet', 'com.example.tablet')
        }

        It 'rejects a reversed window before any request' {
            $seq = Get-EmulatorSeq $emu
            { Get-VitalsIssue -StartTime ([datetime]'2026-11-22') -EndTime ([datetime]'2026-11-20') } | Should -Throw -ErrorId 'EndNotAfterStart,*'
            @(Get-EmulatorQueryLog $emu -After $seq).Count | Should -Be 0
        }
    }
}
