# Get-VitalsHealth through the built module against the emulator, once per emulator profile:
# Inferred (what the module was written against) and Strict (only what the reference documents).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    # Each measure's rate set and the user-perceived rate it may list.
    $script:rateSets = @{
        Crash = 'crashMetricSet', 'userPerceivedCrashRate'
        ANR   = 'anrMetricSet', 'userPerceivedAnrRate'
        LMK   = 'lmkMetricSet', 'userPerceivedLmkRate'
    }
}

Describe 'Get-VitalsHealth against the <EmulatorProfile> emulator' -ForEach @(@{ EmulatorProfile = 'Inferred' }, @{ EmulatorProfile = 'Strict' }) {
    BeforeAll {
        $script:emu = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        $script:latest = (Get-VitalsFreshness -MetricSet crashMetricSet).LatestDaily

        # One run per package, shared by the tests that only read the result. A failure here fails the
        # whole profile, and Pester's message for a failed block does not name it: say which one.
        try {
            $script:regressed = Get-VitalsHealth com.example.regressed -ErrorAction Stop
            $script:tvapp = Get-VitalsHealth com.example.tvapp -ErrorAction Stop
        }
        catch {
            throw "Get-VitalsHealth failed against the $EmulatorProfile emulator: $($_.Exception.Message)"
        }
    }
    AfterAll {
        Disconnect-Vitals
        Stop-VitalsEmulator $script:emu
    }

    Context 'verdicts' {
        It 'finds the regressed package''s newest version Regressed on crash, and the package not healthy' {
            $h = $regressed
            $h.PSObject.TypeNames[0] | Should -Be 'AmazonVitals.Health'
            $h.PackageName | Should -Be 'com.example.regressed'
            $h.Healthy | Should -BeFalse
            $h.Crash.Verdict | Should -Be 'Regressed'
            $h.Crash.NewVersion | Should -Be '151'
            $h.Crash.PreviousVersion | Should -Be '150'
            $h.Crash.NewVersionRate / $h.Crash.PreviousVersionRate | Should -BeGreaterThan 2.5
            $h.Anr.Verdict | Should -Not -Be 'Regressed'
            $h.Lmk.Verdict | Should -Not -Be 'Regressed'
            @($h.Reasons).Count | Should -Be 1
            $h.Reasons[0] | Should -Match '^Crash: crashRate of version 151'
            $h.Reasons[0] | Should -Match 't = \d+\.\d\d on \d+ df, p '
        }

        It 'judges by the mix-adjusted change per device, with t, p and the interval from the days themselves' {
            $c = $regressed.Crash
            $c.Confidence | Should -Be 0.99
            $c.MinChange | Should -Be 0.1
            $c.NewVersionDeviceDays | Should -BeGreaterThan 100000
            $c.PreviousVersionDeviceDays | Should -BeGreaterThan 100000
            $c.Verdict.GetType().IsEnum | Should -BeTrue
            "$($c.Verdict)" | Should -BeExactly 'Regressed'
            $c.TStatistic | Should -BeGreaterThan 0
            $c.PValue | Should -BeLessThan 0.01
            $c.ComparedDays | Should -BeGreaterOrEqual 3
            $c.ChangeLow | Should -BeGreaterThan 0
            $c.ChangeHigh | Should -BeGreaterThan $c.Change
            $c.Change | Should -BeGreaterThan $c.ChangeLow
            $regressed.Measures['crash'] | Should -Be $c
            # The healthy app's newest version is a few percent better: not a change that counts.
            foreach ($m in $tvapp.Measures) {
                $m.Verdict | Should -Be 'Stable'
                [math]::Abs($m.VersionRelativeChange) | Should -BeLessThan 0.1
                $m.PValue | Should -BeOfType [double]
            }
            # The old fixed rule's margin no longer decides: a stricter -MinChange of 3x still finds the crash regression.
            (Get-VitalsHealth com.example.regressed -Top 0 -MinChange 1.5).Crash.Verdict | Should -Be 'Regressed'
            (Get-VitalsHealth com.example.regressed -Top 0 -MinChange 3).Crash.Verdict | Should -Be 'Stable'
        }

        It 'leaves the provisional date out of the test, and -ProvisionalDays 0 puts it back' {
            $regressed.ProvisionalDays | Should -Be 1
            $final = Get-VitalsHealth com.example.regressed -Top 0 -ProvisionalDays 0
            $final.ProvisionalDays | Should -Be 0
            # One more date of devices in the test; the window's own rate covers the same dates either way.
            $final.Crash.NewVersionDeviceDays | Should -BeGreaterThan $regressed.Crash.NewVersionDeviceDays
            $final.Crash.WindowRate | Should -Be $regressed.Crash.WindowRate
            $crash = $regressed.Series | Where-Object Measure -EQ 'Crash'
            @($crash.Points | Where-Object Provisional).Day | Should -Be @($latest)
            { Get-VitalsHealth com.example.regressed -Days 3 -ProvisionalDays 3 } | Should -Throw -ErrorId 'ProvisionalDaysOutOfRange*'
        }

        It 'finds the healthy package healthy, with no reasons' {
            $tvapp.Healthy | Should -BeTrue
            @($tvapp.Reasons).Count | Should -Be 0
            $tvapp.Measures.Verdict | Should -Not -Contain 'Regressed'
            $tvapp.Crash.NewVersion | Should -Be '151'
        }

        It 'writes flat properties, the window ending at the latest Daily data, and per-measure rates ($null where a set lists no user-perceived rate)' {
            $h = $tvapp
            $h.PSObject.Properties.Name | Should -Be @('PackageName', 'Healthy', 'Stale', 'Reasons', 'Warnings', 'Crash', 'Anr', 'Lmk', 'WindowStart', 'WindowEnd',
                'BaselineStart', 'LatestDaily', 'Days', 'ProvisionalDays', 'MinDevices', 'Confidence', 'MinChange', 'Measures', 'CrashIssues', 'AnrIssues',
                'TopCrashIssues', 'TopAnrIssues', 'Series')
            $h.Stale | Should -BeFalse
            $h.Healthy | Should -BeOfType [bool]
            $h.LatestDaily | Should -Be $latest
            $h.WindowEnd | Should -Be $latest.AddDays(1)
            $h.WindowStart | Should -Be $latest.AddDays(-6)
            $h.BaselineStart | Should -Be $latest.AddDays(-13)
            $h.WindowStart.Kind | Should -Be 'Utc'
            $h.Days | Should -Be 7
            $h.MinDevices | Should -Be 1000
            $h.Measures.Measure | Should -Be @('Crash', 'ANR', 'LMK')
            foreach ($m in $h.Measures) {
                $m.WindowRate | Should -BeOfType [double]
                $m.WindowRate | Should -BeGreaterThan 0
                # The freshness answer says whether the set has the metric: the strict emulator lists
                # none for ANR and LMK, and then the rate is $null while the rest of the check stands.
                $set, $perceived = $rateSets[$m.Measure]
                if ((Get-VitalsFreshness -MetricSet $set).Metrics -contains $perceived) {
                    $m.UserPerceivedRate | Should -BeGreaterThan 0
                    $m.UserPerceivedRate | Should -BeLessThan $m.WindowRate
                }
                else {
                    $m.UserPerceivedRate | Should -BeNullOrEmpty
                }
                $m.BaselineRate | Should -BeGreaterThan 0
                $m.AbsoluteChange | Should -Be ($m.WindowRate - $m.BaselineRate)
                $m.WindowDeviceDays | Should -BeGreaterThan 100000
            }
        }

        It 'finds the regressed app''s newest version''s New, Regressed and Gone crash issues, New and Regressed first' {
            $issues = @($regressed.CrashIssues)
            $issues.Status | Should -Be @('New', 'Regressed', 'Persisting', 'Persisting', 'Persisting', 'Gone')
            $issues[0].NewVersion | Should -Be '151'
            $issues[0].PreviousVersion | Should -Be '150'
            $issues[0].PreviousEvents | Should -Be 0
            $issues[0].NewEvents | Should -BeGreaterThan 0
            $issues[1].PValue | Should -BeLessThan 0.01
            $issues[1].RelativeChange | Should -BeGreaterThan 1
            $issues[5].NewEvents | Should -Be 0
            # A trace is the server's text, kept as it came.
            @($issues | Where-Object { $_.ReportText -like '*<script>*' }).Count | Should -Be 1
            $regressed.AnrIssues.Status | Sort-Object -Unique | Should -Be 'Persisting'
            $tvapp.CrashIssues.Status | Sort-Object -Unique | Should -Be 'Persisting'
            # One line each in the console.
            ($issues | Format-Table | Out-String -Width 200) | Should -Match '(?m)^New\s+Crash\s+\d+\s+\d+\.\d\d\s+new\s'
        }

        It 'includes the newest version''s top 5 crash and ANR issues as AmazonVitals.Issue objects' {
            @($regressed.TopCrashIssues).Count | Should -Be 5
            @($regressed.TopAnrIssues).Count | Should -Be 5
            $regressed.TopCrashIssues[0].PSObject.TypeNames[0] | Should -Be 'AmazonVitals.Issue'
            $regressed.TopCrashIssues.ReportType | Sort-Object -Unique | Should -Be 'Crash'
            $regressed.TopAnrIssues.ReportType | Sort-Object -Unique | Should -Be 'Anr'
            $regressed.TopAnrIssues[0].ReportText | Should -Match '^ANR in com.example.regressed'
            $regressed.TopCrashIssues.versionCode | Sort-Object -Unique | Should -Be '151'
            $counts = $regressed.TopCrashIssues.ErrorEventCount
            $counts | Should -Be ($counts | Sort-Object -Descending)
        }
    }

    Context 'device mix and drivers' {
        BeforeAll {
            # com.example.mixshift: 151 runs more on the models that crash more, at 150's rate on every model.
            # com.example.driver: 151 crashes three times as often on AFTKA alone (docs/emulator.md).
            $script:mixshift = Get-VitalsHealth com.example.mixshift -Top 0
            $script:driver = Get-VitalsHealth com.example.driver -Top 0
        }

        It 'does not call a device-mix shift a regression, and says that it is one' {
            $m = $mixshift.Crash
            $m.Verdict | Should -Not -Be 'Regressed'
            $m.RawChange | Should -BeGreaterThan 0.10
            $m.ChangeLow | Should -BeLessThan 0
            $m.ChangeHigh | Should -BeGreaterThan 0
            $m.Explanation | Should -Match '^The raw rise \(\+\d+(\.\d)?%\) is a device-mix shift: per device'
            $mixshift.Healthy | Should -BeTrue
        }

        It 'finds the regression carried by one device model, and names it first' {
            $m = $driver.Crash
            $m.Verdict | Should -Be 'Regressed'
            $m.TopDriver.Dimension | Should -Be 'deviceModel'
            $m.TopDriver.Value | Should -Be 'AFTKA'
            $m.TopDriver.StandsOut | Should -BeTrue
            $m.TopDriver.ChangeLow | Should -BeGreaterThan $m.Change
            $m.Explanation | Should -Match '^Carried most by deviceModel AFTKA'
            $driver.Reasons[0] | Should -Match 'mostly deviceModel AFTKA\.$'
            ($driver | Out-String -Width 200) | Should -Match 'driver deviceModel AFTKA: \+\d+(\.\d)?%'
            $summary = Get-VitalsHealth com.example.driver -Top 0 -AsSummary | Where-Object Measure -EQ Crash
            $summary.TopDriver | Should -Be 'deviceModel=AFTKA'
        }
    }

    Context 'thresholds and -FailOnRegression' {
        It 'turns Healthy false when a window rate is above a threshold, with a reason' {
            $h = Get-VitalsHealth com.example.tvapp -CrashRateThreshold 0.0001
            $h.Healthy | Should -BeFalse
            $h.Crash.AboveThreshold | Should -BeTrue
            $h.Crash.Threshold | Should -Be 0.0001
            @($h.Reasons).Count | Should -Be 1
            $h.Reasons[0] | Should -Match '-CrashRateThreshold'
        }

        It 'stays healthy under thresholds above the rates' {
            $h = Get-VitalsHealth com.example.tvapp -CrashRateThreshold 0.5 -AnrRateThreshold 0.5 -LmkRateThreshold 0.5
            $h.Healthy | Should -BeTrue
        }

        It 'writes the object, then fails with HealthCheckFailed and the reasons' {
            $written = [System.Collections.Generic.List[object]]::new()
            $failure = $null
            try {
                Get-VitalsHealth com.example.regressed -FailOnRegression -Top 1 | ForEach-Object { $written.Add($_) }
            }
            catch {
                $failure = $_
            }
            $written.Count | Should -Be 1
            $written[0].Healthy | Should -BeFalse
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeLike 'HealthCheckFailed,*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidResult'
            $failure.Exception.Message | Should -Match 'com.example.regressed'
            $failure.Exception.Message | Should -Match 'Regressed'
            $failure.TargetObject[0].PackageName | Should -Be 'com.example.regressed'
        }

        It 'keeps -OutVariable filled when it fails' {
            { Get-VitalsHealth com.example.regressed -FailOnRegression -Top 0 -OutVariable script:captured } | Should -Throw -ErrorId 'HealthCheckFailed*'
            @($script:captured).Count | Should -Be 1
            $script:captured[0].Crash.Verdict | Should -Be 'Regressed'
        }

        It 'does not fail a healthy package' {
            { Get-VitalsHealth com.example.tvapp -FailOnRegression -Top 0 | Out-Null } | Should -Not -Throw
        }

        It 'checks every piped package before failing' {
            $written = [System.Collections.Generic.List[object]]::new()
            $failure = $null
            try {
                'com.example.regressed', 'com.example.tvapp' | Get-VitalsHealth -FailOnRegression -Top 0 | ForEach-Object { $written.Add($_) }
            }
            catch {
                $failure = $_
            }
            $written.PackageName | Should -Be @('com.example.regressed', 'com.example.tvapp')
            $failure.FullyQualifiedErrorId | Should -BeLike 'HealthCheckFailed,*'
        }
    }

    Context 'stale data' {
        It 'never calls a report on data more than 2 days old Healthy: Stale, a warning and a reason' {
            # An emulator whose clock stopped 5 days ago: its latest Daily data is 6 days old.
            $stopped = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile -Now ([datetime]::UtcNow.AddDays(-5).ToString('o'))
            try {
                $session = Connect-VitalsEmulator -Emulator $stopped -With @{ PassThru = $true; RequestsPerSecond = 50 }
                $h = Get-VitalsHealth com.example.tvapp -Session $session -Top 0 -WarningVariable warned -WarningAction SilentlyContinue
                $h.Stale | Should -BeTrue
                $h.Healthy | Should -BeFalse
                $h.Measures.Verdict | Should -Not -Contain 'Regressed'
                $h.Reasons[0] | Should -Match '^Data: the latest Daily data is \d{4}-\d\d-\d\d, 6 days before today'
                @($warned).Count | Should -Be 1
                "$($warned[0])" | Should -Match 'com.example.tvapp: .* 6 days old'
                $h.Warnings[0] | Should -Be "$($warned[0])"
                ($h | Out-String) | Should -Match 'com.example.tvapp: STALE DATA'
                { Get-VitalsHealth com.example.tvapp -Session $session -Top 0 -FailOnRegression -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'HealthCheckFailed*'
            }
            finally {
                Stop-VitalsEmulator $stopped
            }
        }

        It 'keeps a feed 1 day behind fresh' {
            ([datetime]::UtcNow.Date - $tvapp.LatestDaily).TotalDays | Should -BeIn @(1, 2)
            $tvapp.Stale | Should -BeFalse
            @($tvapp.Warnings).Count | Should -Be 0
        }
    }

    Context 'many packages' {
        It 'writes one flat summary row per package and measure, ready for Export-Csv' {
            $rows = @('com.example.tvapp', 'com.example.regressed' | Get-VitalsHealth -AsSummary)
            $rows.Count | Should -Be 6
            $rows[0].PSObject.TypeNames[0] | Should -Be 'AmazonVitals.HealthSummary'
            $rows.PackageName | Should -Be @('com.example.tvapp', 'com.example.tvapp', 'com.example.tvapp', 'com.example.regressed', 'com.example.regressed', 'com.example.regressed')
            $rows.Measure | Select-Object -First 3 | Should -Be @('Crash', 'ANR', 'LMK')
            $crash = $rows | Where-Object { $_.PackageName -eq 'com.example.regressed' -and $_.Measure -eq 'Crash' }
            $crash.Verdict | Should -Be 'Regressed'
            $crash.Healthy | Should -BeFalse
            $crash.NewIssues | Should -Be 1
            $crash.RegressedIssues | Should -Be 1
            $crash.Reasons | Should -Match '^Crash: crashRate of version 151'
            # Each change is named for what it compares, the same as the object's.
            $h = Get-VitalsHealth com.example.regressed -Top 0
            $crash.ChangeVsPrevious | Should -Be $h.Crash.Change
            $crash.ChangeVsPreviousLow | Should -Be $h.Crash.ChangeLow
            $crash.RawChangeVsPrevious | Should -Be $h.Crash.RawChange
            $crash.ChangeVsBaseline | Should -Be $h.Crash.RelativeChange
            $rows[0].PSObject.Properties.Name | Should -Not -Contain 'Change'
            $rows | Where-Object Measure -EQ 'LMK' | ForEach-Object { $_.NewIssues | Should -BeNullOrEmpty }
            foreach ($row in $rows) {
                foreach ($p in $row.PSObject.Properties) {
                    if ($null -ne $p.Value) { $p.Value.GetType().IsPrimitive -or $p.Value -is [string] -or $p.Value -is [datetime] | Should -BeTrue -Because $p.Name }
                }
            }
            $csv = Join-Path $TestDrive 'health.csv'
            $rows | Export-Csv $csv -NoTypeInformation
            $back = @(Import-Csv $csv)
            $back.Count | Should -Be 6
            $back[0].PSObject.Properties.Name | Should -Be $rows[0].PSObject.Properties.Name
            ($rows | Out-String -Width 200) | Should -Match '(?m)^com.example.regressed\s+Crash\s+Regressed\s+151 \d+\.\d{3}%'
        }

        It 'fails with the summary rows of unhealthy packages as the target' {
            { 'com.example.regressed' | Get-VitalsHealth -AsSummary -Top 0 -FailOnRegression -OutVariable script:rows } | Should -Throw -ErrorId 'HealthCheckFailed*'
            @($script:rows).Count | Should -Be 3
        }
    }

    Context 'requests' {
        It 'sends at most 5 requests per package: 3 rate queries and 2 issues queries, freshness cached' {
            $null = Get-VitalsHealth com.example.tablet -Top 0   # caches the tablet's freshness
            $seq = Get-EmulatorSeq $emu
            $null = Get-VitalsHealth com.example.tablet
            $requests = Wait-EmulatorRequest $emu -After $seq -Count 5
            $requests.Count | Should -BeLessOrEqual 5
            $queries = @($requests | Where-Object route -EQ 'query')
            $queries.Count | Should -Be 5
            ($queries.metricSet | Sort-Object) | Should -Be @('anrMetricSet', 'crashMetricSet', 'issuesMetricSet', 'issuesMetricSet', 'lmkMetricSet')
            foreach ($q in $queries | Where-Object metricSet -NE 'issuesMetricSet') {
                # versionCode, and of deviceType, deviceModel and osVersion those the set's freshness lists.
                $listed = (Get-VitalsFreshness -MetricSet $q.metricSet).Dimensions
                $q.body.dimensions | Should -Be (@('versionCode', 'deviceType', 'deviceModel', 'osVersion') | Where-Object { $_ -eq 'versionCode' -or $_ -in $listed })
                # Only metrics the set lists: asking for another is a 400 (strict lists no userPerceived ANR/LMK rate).
                $q.body.metrics | Where-Object { $_ -notin (Get-VitalsFreshness -MetricSet $q.metricSet).Metrics } | Should -BeNullOrEmpty
                $q.body.timelineSpec.aggregationPeriod | Should -Be 'DAILY'
                # One query spans the baseline and the window: 2 × 7 days.
                $start = [datetime]::new($q.body.timelineSpec.startTime.year, $q.body.timelineSpec.startTime.month, $q.body.timelineSpec.startTime.day)
                $end = [datetime]::new($q.body.timelineSpec.endTime.year, $q.body.timelineSpec.endTime.month, $q.body.timelineSpec.endTime.day)
                ($end - $start).TotalDays | Should -Be 14
            }
            # One issues query per report type, after the rates: by versionCode, filtered to the newest and the previous version.
            $issues = @($queries | Where-Object metricSet -EQ 'issuesMetricSet')
            ($issues.body.reportType | Sort-Object) | Should -Be @('ANR', 'CRASH')
            $issues.body.pageSize | Should -Be @(100, 100)
            foreach ($q in $issues) {
                $q.body.dimensions | Should -Be @('versionCode')
                $q.body.filter.versionCode | Should -Be @('151', '150')
                $q.seq | Should -BeGreaterThan (($queries | Where-Object metricSet -NE 'issuesMetricSet').seq | Measure-Object -Maximum).Maximum
            }
        }

        It 'adds one freshness request per rate set when nothing is cached: 8 requests from a cold start' {
            $session = Connect-VitalsEmulator -Emulator $emu -With @{ PassThru = $true; RequestsPerSecond = 50 }
            $seq = Get-EmulatorSeq $emu
            $null = Get-VitalsHealth com.example.regressed -Session $session
            $requests = Wait-EmulatorRequest $emu -After $seq -Count 8
            # The crash set's freshness gives the window; each set's own answer says which metrics it
            # lists, so that the check asks only for those. Never one set twice.
            $freshness = @($requests | Where-Object route -EQ 'freshness').metricSet
            ($freshness | Sort-Object) | Should -Be @('anrMetricSet', 'crashMetricSet', 'lmkMetricSet')
            @($requests | Where-Object route -EQ 'query').Count | Should -Be 5
            # The budget of issue 13: at most 9 per package from a cold start, freshness included.
            $requests.Count | Should -BeLessOrEqual 9
            $requests.Count | Should -Be 8
            @($requests | Where-Object package -NE 'com.example.regressed').Count | Should -Be 0
        }

        It 'sends 3 requests with -Top 0 and no issues' {
            $seq = Get-EmulatorSeq $emu
            $h = Get-VitalsHealth com.example.tvapp -Top 0 -Days 3
            @($h.TopCrashIssues).Count | Should -Be 0
            $h.Days | Should -Be 3
            $h.WindowStart | Should -Be $latest.AddDays(-2)
            (Wait-EmulatorRequest $emu -After $seq -Count 3).Count | Should -Be 3
        }

        It 'refuses -Days outside 1..15 before any request' {
            { Get-VitalsHealth -Days 16 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
            { Get-VitalsHealth -Days 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }
    }

    Context 'pipeline' {
        It 'writes one object per piped package, in order' {
            $all = @('com.example.tvapp', 'com.example.regressed' | Get-VitalsHealth -Top 0)
            $all.Count | Should -Be 2
            $all.PackageName | Should -Be @('com.example.tvapp', 'com.example.regressed')
            $all.Healthy | Should -Be @($true, $false)
        }

        It 'takes PackageName by property name, and defaults to the session''s package' {
            ([pscustomobject]@{ PackageName = 'com.example.tablet' } | Get-VitalsHealth -Top 0).PackageName | Should -Be 'com.example.tablet'
            (Get-VitalsHealth -Top 0).PackageName | Should -Be 'com.example.tvapp'
        }

        It 'writes a non-terminating error for one package and goes on with the next' {
            $out = @('com.example.nodata', 'com.example.tvapp' | Get-VitalsHealth -Top 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
            $out.PackageName | Should -Be @('com.example.tvapp')
            @($failed).Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'NOT_FOUND,*'
            $failed[0].TargetObject | Should -Be 'com.example.nodata'
        }
    }

    Context 'default view' {
        It 'renders a report card: one line per measure with its verdict, the reasons and the top traces' {
            $text = $regressed | Out-String -Width 200
            $text | Should -Match 'com.example.regressed: NOT HEALTHY'
            $text | Should -Match 'Verdict'
            $text | Should -Match '(?m)^Crash\s+Regressed\s+\d+\.\d{3}%'
            $text | Should -Match '(?m)^ANR\s+'
            $text | Should -Match '(?m)^LMK\s+'
            $text | Should -Match 'vs previous version: 151 \d+\.\d{3}% against 150 \d+\.\d{3}%\s+per device \+\d+\.\d% \(\+\d+\.\d% to \+\d+\.\d%\), p < 0\.0001'
            $text | Should -Match 'Reasons'
            $text | Should -Match 'Crash issues of version 151 against 150'
            $text | Should -Match '(?m)^\s+New\s+\d+\s+0\s+'
            $text | Should -Match '(?m)^\s+Gone\s+0\s+\d+\s+'
            # The first line, without the exception's package, cut to fit 80 columns.
            $firstLine = ($regressed.CrashIssues[0].ReportText -split "`r?`n")[0] -replace '^(?:[a-z_]\w*\.)+', ''
            $text | Should -Match ([regex]::Escape($firstLine.Substring(0, 20)))
            $text | Should -Not -Match ([regex]::Escape(($regressed.CrashIssues[0].ReportText -split "`r?`n")[1]))
        }

        It 'says Healthy for a healthy package, and shows the measures as a table' {
            ($tvapp | Out-String) | Should -Match 'com.example.tvapp: Healthy'
            $table = $tvapp.Measures | Out-String
            $table | Should -Match 'Verdict'
            $table | Should -Match '(?m)^Crash\s+Stable'
        }

        It 'shows each top issue as one line inside Format-List' {
            $list = $regressed | Format-List TopCrashIssues | Out-String -Width 300
            $list | Should -Match '\d+ events: '
            $list | Should -Not -Match '\tat '
        }
    }
}
