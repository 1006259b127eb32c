# Sync-VitalsHistory and Get-VitalsHistory through the built module against the emulator: what a
# sync stores and reads back, what a re-run fetches, a revised date, -WhatIf, a process killed
# mid-write, two syncs on one folder, and a folder that cannot be written.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0 -Now '2026-11-30T12:00:00Z'
    Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 100 }
    $script:pwsh = Join-Path $PSHOME 'pwsh.dll'
    $script:newest = [datetime]::SpecifyKind([datetime]'2026-11-29', 'Utc')

    function New-HistoryPath([string] $Name) { Join-Path $TestDrive $Name }
    function Get-Partitions([string] $Path) { @(Get-ChildItem -LiteralPath $Path -Recurse -Filter 'part-0.parquet' -ErrorAction Ignore) }

    function Start-ChildSync {
        # A sync in its own pwsh that stops at -PauseAt (the test hook AMAZONVITALS_TEST_HISTORY_PAUSE)
        # and writes _test_paused there, so the test can kill it at exactly that point.
        param([string] $Path, [string] $PauseAt)
        $script = @"
Import-Module '$(Get-TestModulePath)'
`$secret = ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force
Connect-Vitals -ClientId '$($emu.ClientId)' -ClientSecret `$secret -BaseUri '$($emu.BaseUri)' -PackageName com.example.tvapp -RequestsPerSecond 100
Sync-VitalsHistory -Path '$Path' -MetricSet crashMetricSet
"@
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in $pwsh, '-NoProfile', '-NonInteractive', '-Command', $script) { $info.ArgumentList.Add($a) }
        $info.Environment['AMAZONVITALS_TEST_HISTORY_PAUSE'] = $PauseAt
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $null = $process.StandardOutput.ReadToEndAsync(), $process.StandardError.ReadToEndAsync()
        $marker = Join-Path $Path '_test_paused'
        $deadline = [datetime]::UtcNow.AddSeconds(90)
        while (-not (Test-Path -LiteralPath $marker) -and -not $process.HasExited -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        if (-not (Test-Path -LiteralPath $marker)) { try { $process.Kill($true) } catch { }; throw "The child sync never reached '$PauseAt'." }
        Remove-Item -LiteralPath $marker
        $process
    }

    function Stop-Hard($Process) {
        # kill -9: no finally block, no Dispose, no chance to tidy up.
        $Process.Kill($true)
        $null = $Process.WaitForExit(10000)
    }
}
AfterAll {
    Disconnect-Vitals
    $emu | Stop-VitalsEmulator
}

Describe 'Sync-VitalsHistory' {
    It 'keeps every date the API serves, with one query, and reads them back as the rows Invoke-VitalsQuery writes' {
        $path = New-HistoryPath 'first'
        $seq = Get-EmulatorSeq $emu
        $result = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        $requests = @(Wait-EmulatorRequest $emu -After $seq -Count 2)

        $result.PSObject.TypeNames[0] | Should -Be 'AmazonVitals.HistorySync'
        $result.DatesAdded | Should -Be 30
        $result.OldestDate | Should -Be $newest.AddDays(-29)
        $result.NewestDate | Should -Be $newest
        @($requests | Where-Object route -EQ 'query').Count | Should -Be 1 -Because 'one query covers every missing date'
        $result.Requests | Should -Be $requests.Count
        (Get-Partitions $path).Count | Should -Be 30
        $result.Rows | Should -Be ($requests | Where-Object route -EQ 'query' | Measure-Object resultCount -Sum).Sum

        $window = @{ StartTime = $newest.AddDays(-3); EndTime = $newest.AddDays(-1) }
        $stored = @(Get-VitalsHistory -Path $path -MetricSet crashMetricSet @window)
        $served = @(Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, deviceType, deviceModel, osVersion @window)
        $stored.Count | Should -Be $served.Count
        $stored[0].PSObject.TypeNames | Should -Be $served[0].PSObject.TypeNames
        $stored[0].StartTime.Kind | Should -Be 'Utc'
        $key = { '{0:o}|{1}|{2}|{3}|{4}' -f $_.StartTime, $_.versionCode, $_.deviceType, $_.deviceModel, $_.osVersion }
        ($stored | Sort-Object $key | ConvertTo-Csv -NoTypeInformation) -join "`n" |
            Should -Be (($served | Sort-Object $key | ConvertTo-Csv -NoTypeInformation) -join "`n")
        # And they look the same: the same view, with the dimensions as columns.
        $shown = Get-VitalsHistory -Path $path -MetricSet crashMetricSet @window | Select-Object -First 5 | Out-String -Width 120
        $shown | Should -Be (Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, deviceType, deviceModel, osVersion @window -First 5 | Out-String -Width 120)
        $shown | Should -Match 'versionCode\s+deviceType\s+deviceModel'
    }

    It 'fetches only the refresh days on a re-run, rewrites nothing unchanged, and logs a revised date' {
        $path = New-HistoryPath 'rerun'
        $null = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        $before = Get-Partitions $path | ForEach-Object { @{ $_.FullName = $_.LastWriteTimeUtc } }

        $seq = Get-EmulatorSeq $emu
        $again = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -RefreshDays 3
        $again.DatesAdded, $again.DatesRevised, $again.DatesUnchanged | Should -Be 0, 0, 3
        $query = @(Wait-EmulatorRequest $emu -After $seq -Route query)
        $query.Count | Should -Be 1
        $start = $query[0].body.timelineSpec.startTime
        '{0}-{1}-{2}' -f $start.year, $start.month, $start.day | Should -Be '2026-11-27' -Because 'the window starts at the oldest refreshed date'
        Get-Partitions $path | ForEach-Object { $_.LastWriteTimeUtc | Should -Be ($before | Where-Object Keys -Contains $_.FullName).Values[0] }

        # Devices report late: the emulator revises its newest date.
        Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ revision = 1 } | Out-Null
        try {
            $oldDevices = (Get-VitalsHistory -Path $path -MetricSet crashMetricSet -StartTime $newest | Measure-Object distinctDevices -Sum).Sum
            $seq = Get-EmulatorSeq $emu
            $revised = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
            $revised.DatesRevised, $revised.DatesUnchanged | Should -Be 1, 2
            $requestId = (Wait-EmulatorRequest $emu -After $seq -Route query)[0].requestId
            $log = Get-Content -LiteralPath (Join-Path $path '_revisions.jsonl') | Select-Object -Last 1 | ConvertFrom-Json
            $log.change | Should -Be 'revised'
            $log.date | Should -Be '2026-11-29'
            $log.rowsBefore | Should -Be $log.rowsAfter
            $log.checksumBefore | Should -Not -Be $log.checksumAfter
            $log.requestIds | Should -Contain $requestId
            $newDevices = (Get-VitalsHistory -Path $path -MetricSet crashMetricSet -StartTime $newest | Measure-Object distinctDevices -Sum).Sum
            $newDevices | Should -BeGreaterThan $oldDevices
        }
        finally {
            Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ revision = 0 } | Out-Null
        }
    }

    It '-IncludeIssues keeps each date''s top issues: one query per date and type, and only the refresh days on a re-run' {
        $path = New-HistoryPath 'issues'
        $seq = Get-EmulatorSeq $emu
        $results = @(Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -IncludeIssues -Top 2)
        $issues = $results | Where-Object MetricSet -EQ 'issuesMetricSet'
        $issues.DatesAdded | Should -Be 30
        $logged = @(Wait-EmulatorRequest $emu -After $seq -Count 66 | Where-Object { $_.path -like '*issuesMetricSet*' })
        @($logged | Where-Object route -EQ 'query').Count | Should -Be 60
        # Issues follow their rate sets' freshness; the issues set itself need not answer one.
        @($logged | Where-Object route -EQ 'freshness') | Should -BeNullOrEmpty
        $issues.Requests | Should -Be 62
        $issues.Rows | Should -BeLessOrEqual 120
        @(Get-ChildItem -LiteralPath (Join-Path $path 'package=com.example.tvapp/metricSet=issuesMetricSet/period=DAILY') -Directory).Count | Should -Be 30

        $again = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -IncludeIssues -Top 2 -RefreshDays 2 | Where-Object MetricSet -EQ 'issuesMetricSet'
        $again.DatesAdded, $again.DatesRevised, $again.DatesUnchanged, $again.Requests | Should -Be 0, 0, 2, 6
    }

    It 'a request that fails mid-sync leaves the stored dates as they were, and the next run fetches the rest' {
        $path = New-HistoryPath 'failed-request'
        $null = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -PageSize 1000
        $before = Get-Partitions $path | ForEach-Object { "$($_.FullName)|$($_.LastWriteTimeUtc.Ticks)" }
        # The next day: one new date and three to refresh, 8 pages; the second fails after every retry.
        Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ now = '2026-12-01T12:00:00Z' } | Out-Null
        try {
            Reset-Emulator $emu
            Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ now = '2026-12-01T12:00:00Z' } | Out-Null
            Add-EmulatorFault $emu @{ on = 'query'; nth = 2; count = 20; kind = 'status'; status = 503 }
            Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -PageSize 1000 -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -Match '503|Unavailable|SERVICE'
            Get-Partitions $path | ForEach-Object { "$($_.FullName)|$($_.LastWriteTimeUtc.Ticks)" } | Should -Be $before
            @(Get-ChildItem -LiteralPath (Join-Path $path '_staging')) | Should -BeNullOrEmpty

            Reset-Emulator $emu
            Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ now = '2026-12-01T12:00:00Z' } | Out-Null
            $result = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -PageSize 1000
            $result.DatesAdded, $result.NewestDate | Should -Be 1, ([datetime]::SpecifyKind([datetime]'2026-11-30', 'Utc'))
        }
        finally {
            Reset-Emulator $emu
            Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ now = '2026-11-30T12:00:00Z' } | Out-Null
        }
    }

    It '-WhatIf shows the plan and writes nothing, not even the folder' {
        $path = New-HistoryPath 'whatif'
        $seq = Get-EmulatorSeq $emu
        $out = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -WhatIf -Verbose 4>&1 | Out-String
        $out | Should -Match 'fetch 2026-10-31 \.\. 2026-11-29 \(30 dates\)'
        Test-Path -LiteralPath $path | Should -BeFalse
        @(Wait-EmulatorRequest $emu -After $seq -Route query) | Should -BeNullOrEmpty
    }

    It 'refuses another shape for a stored set before any query, naming both shapes' {
        $path = New-HistoryPath 'shape'
        $null = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        $seq = Get-EmulatorSeq $emu
        $record = { Sync-VitalsHistory -Path $path -MetricSet crashMetricSet -Dimension countryCode } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike 'HistoryShapeMismatch,*'
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match 'versionCode.*countryCode'
        @(Wait-EmulatorRequest $emu -After $seq -Route query) | Should -BeNullOrEmpty
    }

    It 'killed after staging, it leaves no partition; the next run completes' {
        $path = New-HistoryPath 'killed-staged'
        Stop-Hard (Start-ChildSync -Path $path -PauseAt stage)
        (Get-Partitions $path).Count | Should -Be 0
        @(Get-ChildItem -LiteralPath (Join-Path $path '_staging') -Filter *.staged).Count | Should -BeGreaterThan 0 -Because 'the kill came mid-write'

        $result = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        $result.DatesAdded | Should -Be 30
        @(Get-ChildItem -LiteralPath (Join-Path $path '_staging')) | Should -BeNullOrEmpty
    }

    It 'killed between two placed partitions, every stored partition is whole and the next run adds the rest' {
        $path = New-HistoryPath 'killed-placing'
        Stop-Hard (Start-ChildSync -Path $path -PauseAt commit)
        (Get-Partitions $path).Count | Should -Be 1
        @(Get-VitalsHistory -Path $path -MetricSet crashMetricSet).Count | Should -Be 2000

        $result = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        $result.DatesAdded | Should -Be 29
        (Get-Partitions $path).Count | Should -Be 30
    }

    It 'lets one sync at a time write a folder: the second stops naming the first, and the lock dies with it' {
        $path = New-HistoryPath 'busy'
        $first = Start-ChildSync -Path $path -PauseAt stage
        try {
            $record = { Sync-VitalsHistory -Path $path -MetricSet crashMetricSet } | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -BeLike 'HistoryFolderBusy,*'
            $record.CategoryInfo.Category | Should -Be 'ResourceBusy'
            $record.Exception.Message | Should -Match "process $($first.Id)\b"
        }
        finally { Stop-Hard $first }
        (Sync-VitalsHistory -Path $path -MetricSet crashMetricSet).DatesAdded | Should -Be 30
    }

    It 'stops a set it cannot write with a clear WriteError, and the stored sets stay readable' {
        $path = New-HistoryPath 'unwritable'
        $null = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        # A file where the ANR set's folder must go: the operating system refuses to make the folder.
        New-Item -ItemType Directory (Join-Path $path 'package=com.example.tvapp') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $path 'package=com.example.tvapp/metricSet=anrMetricSet') -Value 'in the way'
        Sync-VitalsHistory -Path $path -MetricSet anrMetricSet -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'HistoryWriteFailed,*'
        $failed[0].CategoryInfo.Category | Should -Be 'WriteError'
        $failed[0].Exception.Message | Should -Match 'metricSet=anrMetricSet'
        @(Get-VitalsHistory -Path $path -MetricSet crashMetricSet).Count | Should -Be 60000
        @(Get-ChildItem -LiteralPath (Join-Path $path '_staging')) | Should -BeNullOrEmpty
    }
}

Describe 'Sync-VitalsHistory -AggregationPeriod Hourly' {
    It 'keeps the 15 Hourly dates the API serves under period=HOURLY, apart from Daily, and reads them back' {
        $path = New-HistoryPath 'hourly'
        $result = Sync-VitalsHistory -Path $path -MetricSet anrMetricSet -AggregationPeriod Hourly -Dimension versionCode
        $result.DatesAdded | Should -Be 15
        $result.AggregationPeriod | Should -Be 'Hourly'
        @(Get-ChildItem -LiteralPath (Join-Path $path 'package=com.example.tvapp/metricSet=anrMetricSet/period=HOURLY') -Directory).Count | Should -Be 15
        Test-Path -LiteralPath (Join-Path $path 'package=com.example.tvapp/metricSet=anrMetricSet/period=DAILY') | Should -BeFalse
        $window = @{ StartTime = [datetime]'2026-11-29'; EndTime = [datetime]'2026-11-30' }
        $stored = @(Get-VitalsHistory -Path $path -AggregationPeriod Hourly @window)
        $served = @(Invoke-VitalsQuery -MetricSet anrMetricSet -AggregationPeriod Hourly -Dimension versionCode @window)
        $stored.Count | Should -Be $served.Count
        ($stored.StartTime | Sort-Object -Unique).Count | Should -Be 24
        @(Get-VitalsHistory -Path $path -WarningAction SilentlyContinue) | Should -BeNullOrEmpty -Because 'Daily rows are read apart from Hourly ones'
    }
}

Describe 'Get-VitalsHistory' {
    It 'filters by dimension and window without a connection, and says when nothing matched' {
        $path = New-HistoryPath 'read'
        $null = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        $rows = @(Get-VitalsHistory -Path $path -MetricSet crashMetricSet -Metric crashRate -StartTime $newest -Filter @{ deviceType = 'AMAZON_TABLETS' })
        $rows.Count | Should -Be 1000
        $rows.deviceType | Sort-Object -Unique | Should -Be 'AMAZON_TABLETS'
        $rows[0].PSObject.Properties.Name | Should -Be PackageName, MetricSet, AggregationPeriod, StartTime, versionCode, deviceType, deviceModel, osVersion, crashRate
        Get-VitalsHistory -Path $path -PackageName com.example.nothing -WarningVariable warned -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $warned | Should -Match 'No stored rows'
    }

    It 'refuses a path on another provider before anything is made: <Command>' -ForEach @(
        @{ Command = 'Sync-VitalsHistory'; Run = { Sync-VitalsHistory -Path Variable:\history -MetricSet crashMetricSet } }
        @{ Command = 'Get-VitalsHistory'; Run = { Get-VitalsHistory -Path Variable:\history } }
        @{ Command = 'Get-VitalsHealth'; Run = { Get-VitalsHealth -Top 0 -HistoryPath Variable:\history } }
    ) {
        Push-Location $TestDrive
        try {
            $record = $Run | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -BeLike 'HistoryPathNotFileSystem,*'
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -Match 'Variable'
            Test-Path -LiteralPath (Join-Path $TestDrive 'history') | Should -BeFalse
        }
        finally { Pop-Location }
    }

    It 'names a folder that is missing or holds no dataset' -ForEach @(
        @{ Name = 'missing'; Make = $false; Id = 'HistoryFolderNotFound' }
        @{ Name = 'empty'; Make = $true; Id = 'HistoryFolderNotADataset' }
    ) {
        $path = New-HistoryPath $Name
        if ($Make) { New-Item -ItemType Directory $path | Out-Null }
        $record = { Get-VitalsHistory -Path $path } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match ([regex]::Escape($Name))
    }
}

Describe 'Get-VitalsHealth -HistoryPath' {
    It 'starts each trend at the oldest stored date, with the stored rates, and leaves the verdict alone' {
        $path = New-HistoryPath 'health'
        try {
            # Two nights a month apart: 60 stored dates, the older 30 no longer served by the API.
            Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ now = '2026-10-31T12:00:00Z' } | Out-Null
            $null = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet
        }
        finally { Invoke-EmulatorControl $emu -Path config -Method POST -Body @{ now = '2026-11-30T12:00:00Z' } | Out-Null }
        $null = Sync-VitalsHistory -Path $path -MetricSet crashMetricSet

        $plain = Get-VitalsHealth -Top 0
        $health = Get-VitalsHealth -Top 0 -HistoryPath $path
        $health.Crash.Verdict | Should -Be $plain.Crash.Verdict
        $health.Crash.Change | Should -Be $plain.Crash.Change
        $series = $health.GetReport().Series[0]
        $plainSeries = $plain.GetReport().Series[0]
        $series.Points[0].Day | Should -Be ([datetime]::SpecifyKind([datetime]'2026-10-01', 'Utc'))
        $stored = @($series.Points | Where-Object FromHistory)
        $stored.Count | Should -Be ($series.Points.Count - $plainSeries.Points.Count)
        $stored[-1].Day.AddDays(1) | Should -Be $plainSeries.Points[0].Day

        # The stored date's rate, computed here from the rows read back: devices-weighted over every breakdown.
        $day = $stored[10].Day
        $rows = Get-VitalsHistory -Path $path -MetricSet crashMetricSet -StartTime $day -EndTime $day.AddDays(1)
        $weighted = ($rows | ForEach-Object { $_.crashRate * $_.distinctDevices } | Measure-Object -Sum).Sum / ($rows | Measure-Object distinctDevices -Sum).Sum
        $stored[10].AllRate | Should -BeGreaterThan ($weighted * 0.999999)
        $stored[10].AllRate | Should -BeLessThan ($weighted * 1.000001)
        $newest = @($rows | Where-Object versionCode -EQ $health.Crash.NewVersion)
        $stored[10].NewVersionDevices | Should -Be ($newest | Measure-Object distinctDevices -Sum).Sum

        $report = $health | Export-VitalsReport -Path (Join-Path $TestDrive 'health.html') -PassThru
        Get-Content -LiteralPath $report.FullName -Raw | Should -Match "The $($stored.Count) dates before \d{4}-\d\d-\d\d come from the history folder"
    }
}
