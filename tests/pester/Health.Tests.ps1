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
        }

        It 'finds the healthy package healthy, with no reasons' {
            $tvapp.Healthy | Should -BeTrue
            @($tvapp.Reasons).Count | Should -Be 0
            $tvapp.Measures.Verdict | Should -Not -Contain 'Regressed'
            $tvapp.Crash.NewVersion | Should -Be '151'
        }

        It 'writes flat properties, the window ending at the latest Daily data, and per-measure rates ($null where a set lists no user-perceived rate)' {
            $h = $tvapp
            $h.PSObject.Properties.Name | Should -Be @('PackageName', 'Healthy', 'Reasons', 'Warnings', 'Crash', 'Anr', 'Lmk', 'WindowStart', 'WindowEnd',
                'BaselineStart', 'LatestDaily', 'Days', 'MinDevices', 'Measures', 'TopCrashIssues', 'TopAnrIssues')
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

        It 'includes the top 5 crash and ANR issues as AmazonVitals.Issue objects' {
            @($regressed.TopCrashIssues).Count | Should -Be 5
            @($regressed.TopAnrIssues).Count | Should -Be 5
            $regressed.TopCrashIssues[0].PSObject.TypeNames[0] | Should -Be 'AmazonVitals.Issue'
            $regressed.TopCrashIssues.ReportType | Sort-Object -Unique | Should -Be 'Crash'
            $regressed.TopAnrIssues.ReportType | Sort-Object -Unique | Should -Be 'Anr'
            $regressed.TopAnrIssues[0].ReportText | Should -Match '^ANR in com.example.regressed'
            $counts = $regressed.TopCrashIssues.ErrorEventCount
            $counts | Should -Be ($counts | Sort-Object -Descending)
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
                $q.body.dimensions | Should -Be @('versionCode')
                # Only metrics the set lists: asking for another is a 400 (strict lists no userPerceived ANR/LMK rate).
                $q.body.metrics | Where-Object { $_ -notin (Get-VitalsFreshness -MetricSet $q.metricSet).Metrics } | Should -BeNullOrEmpty
                $q.body.timelineSpec.aggregationPeriod | Should -Be 'DAILY'
                # One query spans the baseline and the window: 2 × 7 days.
                $start = [datetime]::new($q.body.timelineSpec.startTime.year, $q.body.timelineSpec.startTime.month, $q.body.timelineSpec.startTime.day)
                $end = [datetime]::new($q.body.timelineSpec.endTime.year, $q.body.timelineSpec.endTime.month, $q.body.timelineSpec.endTime.day)
                ($end - $start).TotalDays | Should -Be 14
            }
            $issues = @($queries | Where-Object metricSet -EQ 'issuesMetricSet')
            ($issues.body.reportType | Sort-Object) | Should -Be @('ANR', 'CRASH')
            $issues.body.pageSize | Should -Be @(5, 5)
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
            $text | Should -Match '151 \d+\.\d{3}%\s+150 \d+\.\d{3}%'
            $text | Should -Match 'Reasons'
            $text | Should -Match 'Top crash issues'
            $firstLine = ($regressed.TopCrashIssues[0].ReportText -split "`r?`n")[0]
            $text | Should -Match ([regex]::Escape($firstLine))
            $text | Should -Not -Match ([regex]::Escape(($regressed.TopCrashIssues[0].ReportText -split "`r?`n")[1]))
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
