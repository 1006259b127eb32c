# Invoke-VitalsQuery through the built module against the emulator, once per emulator profile:
# Inferred (what the module was written against) and Strict (only what the reference documents).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    function Get-ErrorOf([scriptblock] $Block) {
        try { & $Block; $null } catch { $_ }
    }
    function Get-LastQueryBody {
        (Get-EmulatorQueryLog $emu | Select-Object -Last 1).body
    }
}

Describe 'Invoke-VitalsQuery against the <EmulatorProfile> emulator' -ForEach @(@{ EmulatorProfile = 'Inferred' }, @{ EmulatorProfile = 'Strict' }) {
    BeforeAll {
        $script:emu = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        $script:latest = (Get-VitalsFreshness -MetricSet crashMetricSet).LatestDaily
    }
    AfterAll {
        Disconnect-Vitals
        Stop-VitalsEmulator $script:emu
    }

    Context 'forgiving names' {
        It 'sends a metric set, metric and dimension known apart from their case in the known case, and says so' {
            $lines = @()
            $rows = Invoke-VitalsQuery -MetricSet crashmetricset -Metric CrashRate -Dimension VersionCode -Verbose 4>&1 |
                ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $lines += $_.Message } else { $_ } }
            @($rows).Count | Should -BeGreaterThan 0
            $rows[0].PSObject.Properties.Name | Should -Be @('PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'versionCode', 'crashRate')
            $rows[0].MetricSet | Should -BeExactly 'crashMetricSet'
            $lines | Should -Contain "-MetricSet crashmetricset sent as crashMetricSet: the API's names are case-sensitive."
            $lines | Should -Contain "-Metric CrashRate sent as crashRate: the API's names are case-sensitive."
            $lines | Should -Contain "-Dimension VersionCode sent as versionCode: the API's names are case-sensitive."
            $body = Get-LastQueryBody
            $body.metrics | Should -BeExactly @('crashRate')
            $body.dimensions | Should -BeExactly @('versionCode')
        }

        It 'sends a -Filter dimension known apart from its case in the known case, and its values as given' {
            $lines = @()
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -Dimension countryCode -Filter @{ CountryCode = 'US' } -Verbose 4>&1 |
                ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $lines += $_.Message } else { $_ } }
            @($rows).Count | Should -BeGreaterThan 0
            $rows.countryCode | Sort-Object -Unique | Should -BeExactly @('US')
            $lines | Should -Contain "-Filter CountryCode sent as countryCode: the API's names are case-sensitive."
            (Get-LastQueryBody).filter.PSObject.Properties.Name | Should -BeExactly @('countryCode')
        }

        It 'fixes the case for Get-VitalsFreshness, Get-VitalsIssue and Export-VitalsData too' {
            (Get-VitalsFreshness -MetricSet ANRMETRICSET).MetricSet | Should -BeExactly 'anrMetricSet'
            $issues = @(Get-VitalsIssue -Dimension DeviceModel -First 1)
            $issues[0].PSObject.Properties.Name | Should -Contain 'deviceModel'
            $path = Join-Path $TestDrive 'names.csv'
            Export-VitalsData -MetricSet LmkMetricSet -Metric LMKRATE -Path $path
            (Get-Content $path -TotalCount 1) | Should -BeLike '*lmkRate*'
        }

        It 'sends a name it does not know as given' {
            try { Invoke-VitalsQuery -MetricSet crashMetricSet -Metric CrashRateX -ErrorAction Stop } catch { $_.FullyQualifiedErrorId | Should -BeLike "INVALID_ARGUMENT*" }
            (Get-LastQueryBody).metrics | Should -BeExactly @('CrashRateX')
        }
    }

    Context 'progress' {
        It 'completes the bar of a -First query that stops after its first page while more rows exist' {
            # A runspace with a real host: the Default Host of a bare [powershell] gets no progress at all.
            $runspace = [runspacefactory]::CreateRunspace($Host)
            $runspace.Open()
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            try {
                $rows = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -Dimension versionCode -First 3 -PageSize 3").Invoke()
                $rows.Count | Should -Be 3
                $records = @($ps.Streams.Progress)
                $records.Count | Should -BeGreaterThan 0
                foreach ($activity in $records | Group-Object ActivityId) {
                    $activity.Group[-1].RecordType | Should -Be 'Completed'
                }
            }
            finally {
                $ps.Dispose()
                $runspace.Dispose()
            }
        }
    }

    Context 'rows' {
        It 'defaults to the 7 Daily dates that end at the latest data' {
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate
            $dates = $rows.StartTime | Sort-Object -Unique
            $dates.Count | Should -Be 7
            $dates[-1] | Should -Be $latest
            $dates[0] | Should -Be $latest.AddDays(-6)
        }

        It 'writes flat rows: fixed columns, then dimensions, then metrics, typed' {
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension countryCode, versionCode -Metric crashRate, crashCount, distinctDevices
            $row = $rows[0]
            # The name of its columns (which its view keys on), then the module's row type.
            $row.PSObject.TypeNames[0] | Should -Match '^AmazonVitals\.MetricRow#[0-9a-f]{16}$'
            $row.PSObject.TypeNames | Should -Contain 'AmazonVitals.MetricRow'
            $row.PSObject.Properties.Name | Should -Be @('PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'countryCode', 'versionCode', 'crashRate', 'crashCount', 'distinctDevices')
            $row.PackageName | Should -Be 'com.example.tvapp'
            $row.AggregationPeriod | Should -Be 'Daily'
            $row.StartTime.Kind | Should -Be 'Utc'
            $row.countryCode | Should -BeOfType [string]
            $row.crashRate | Should -BeOfType [double]
            $row.crashCount | Should -BeOfType [long]
            $row.distinctDevices | Should -BeOfType [long]
            @($rows | Where-Object crashRate -GT 0).Count | Should -BeGreaterThan 0
        }

        It 'gives every row the same columns, with $null where the server sent no value' {
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, countryCode, deviceModel -StartTime $latest -EndTime $latest.AddDays(1)
            $names = $rows | ForEach-Object { $_.PSObject.Properties.Name -join ',' } | Sort-Object -Unique
            @($names).Count | Should -Be 1
            @($rows | Where-Object { $null -eq $_.userPerceivedCrashRate }).Count | Should -BeGreaterThan 0
        }

        It 'treats -EndTime as exclusive: one day is start..start+1' {
            $day = $latest.AddDays(-3)
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -StartTime $day -EndTime $day.AddDays(1)
            ($rows.StartTime | Sort-Object -Unique) | Should -Be @($day)
        }

        It 'sends a bare date as that UTC date, whatever the machine''s time zone' {
            $text = $latest.AddDays(-2).ToString('yyyy-MM-dd')
            Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -StartTime ([datetime]$text) -EndTime ([datetime]$text).AddDays(1) | Out-Null
            $spec = (Get-LastQueryBody).timelineSpec
            '{0:0000}-{1:00}-{2:00}' -f $spec.startTime.year, $spec.startTime.month, $spec.startTime.day | Should -Be $text
        }

        It 'converts a local time with a time of day to UTC' {
            $local = [datetime]::SpecifyKind($latest.AddDays(-2).AddHours(12), 'Local')
            Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -StartTime $local -EndTime $local.AddDays(1) | Out-Null
            $spec = (Get-LastQueryBody).timelineSpec
            $spec.startTime.day | Should -Be $local.ToUniversalTime().Day
        }

        It 'returns Hourly rows with the hour in StartTime' {
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Hourly -Metric crashRate
            $rows[0].AggregationPeriod | Should -Be 'Hourly'
            ($rows.StartTime.Hour | Sort-Object -Unique).Count | Should -BeGreaterThan 12
            $rows.Count | Should -Be 24
            (Get-LastQueryBody).timelineSpec.aggregationPeriod | Should -Be 'HOURLY'
        }

        It 'sends -Filter as the API''s filter object and gets only those values' {
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension countryCode -Metric crashRate -Filter @{ countryCode = 'US', 'CA' }
            $rows.countryCode | Sort-Object -Unique | Should -Be @('CA', 'US')
            (Get-LastQueryBody).filter.countryCode | Should -Be @('US', 'CA')
        }

        It 'reaches the server with metric sets the module does not know' {
            $rows = Invoke-VitalsQuery -MetricSet renderingMetricSet
            $rows[0].PSObject.Properties.Name | Should -Contain 'slowFrameRate'
        }

        # The freshness answer is the authority on a set's metrics: the strict emulator lists no
        # userPerceived* or ANR 7d/28d metrics, and the module must not ask for what is not listed.
        It 'without -Metric, writes a column for each metric <Set> lists, in its order' -ForEach @(
            @{ Set = 'crashMetricSet' }, @{ Set = 'anrMetricSet' }, @{ Set = 'lmkMetricSet' }
        ) {
            $listed = (Get-VitalsFreshness -MetricSet $Set).Metrics
            $rows = Invoke-VitalsQuery -MetricSet $Set -StartTime $latest -EndTime $latest.AddDays(1)
            $rows[0].PSObject.Properties.Name | Select-Object -Skip 4 | Should -Be $listed
        }

        It 'without -Metric, leaves the Daily-only 7d and 28d metrics of <Set> out of Hourly rows' -ForEach @(
            @{ Set = 'crashMetricSet' }, @{ Set = 'lmkMetricSet' }
        ) {
            $hourly = (Get-VitalsFreshness -MetricSet $Set).Metrics | Where-Object { $_ -notmatch '\d+dUserWeighted$' }
            $rows = Invoke-VitalsQuery -MetricSet $Set -AggregationPeriod Hourly -StartTime $latest -EndTime $latest.AddDays(1)
            $rows.Count | Should -BeGreaterThan 0
            $rows[0].PSObject.Properties.Name | Select-Object -Skip 4 | Should -Be $hourly
        }

        It 'writes nothing and no error for a window without data, only the warning that says why' {
            $out = Invoke-VitalsQuery -MetricSet crashMetricSet -StartTime $latest.AddDays(1) -EndTime $latest.AddDays(2) -WarningVariable warnings -ErrorVariable errors -WarningAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            @($warnings).Count | Should -Be 1
            "$($warnings[0])" | Should -Match '^No rows: the window starts .* after the latest Daily data'
            $errors | Should -BeNullOrEmpty
        }
    }

    Context 'empty answers' {
        BeforeEach {
            # A session of its own: what it has seen (and warned of) starts empty.
            $script:fresh = Connect-VitalsEmulator -Emulator $emu -With @{ PassThru = $true; PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
            $script:day = @{ StartTime = $latest; EndTime = $latest.AddDays(1); Metric = 'crashRate' }
        }

        It 'warns, and does not fail, when the window starts after the latest data, naming that date' {
            $rows = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet -Metric crashRate -StartTime $latest.AddDays(2) -EndTime $latest.AddDays(4) -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
            @($rows).Count | Should -Be 0
            @($warned).Count | Should -Be 1
            "$($warned[0])" | Should -Match "^No rows: the window starts $($latest.AddDays(2).ToString('yyyy-MM-dd')) 00:00Z, after the latest Daily data of com\.example\.tvapp in crashMetricSet \($($latest.ToString('yyyy-MM-dd'))\)"
        }

        It 'says nothing about an empty answer inside the data' {
            $rows = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Filter @{ countryCode = 'ZZ' } -WarningVariable warned -WarningAction SilentlyContinue
            @($rows).Count | Should -Be 0
            @($warned).Count | Should -Be 0 -Because 'no countryCode has been seen yet, so nothing says ZZ is wrong'
        }

        It 'warns once of a filter value that is not among the values seen for its dimension, and never of one that is' {
            $all = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Dimension countryCode
            $seen = @($all.countryCode | Sort-Object -Unique)
            $seen | Should -Contain 'US'
            $rows = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Filter @{ countryCode = 'USA' } -WarningVariable warned -WarningAction SilentlyContinue
            @($rows).Count | Should -Be 0
            @($warned).Count | Should -Be 1
            "$($warned[0])" | Should -Match "^No rows: -Filter countryCode 'USA' is not among the $($seen.Count) countryCode value\(s\) this session has seen in com\.example\.tvapp's rows \(AT, "
            $null = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Filter @{ countryCode = 'USA' } -WarningVariable again -WarningAction SilentlyContinue
            @($again).Count | Should -Be 0
            # A filtered query's rows hold only the values asked for: they must not make the others look unknown.
            $null = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Filter @{ countryCode = 'US' } -Dimension countryCode
            $rows = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Filter @{ countryCode = 'CA' } -WarningVariable warnedCa -WarningAction SilentlyContinue
            @($rows).Count | Should -BeGreaterThan 0
            @($warnedCa).Count | Should -Be 0
        }

        It 'learns no values from a filtered dimension: a session that first asked for one value does not call the others unknown' {
            $us = @(Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Filter @{ countryCode = 'US' } -Dimension countryCode)
            $us.Count | Should -BeGreaterThan 0
            # No rows (no such version), and CA is a real country code the session has not met: no warning names it.
            $rows = Invoke-VitalsQuery -Session $fresh -MetricSet crashMetricSet @day -Filter @{ countryCode = 'CA'; versionCode = '0' } -WarningVariable warned -WarningAction SilentlyContinue
            @($rows).Count | Should -Be 0
            @($warned | Where-Object { "$_" -match 'countryCode' }).Count | Should -Be 0
        }

        It 'warns for Get-VitalsIssue and Export-VitalsData too' {
            $issues = Get-VitalsIssue -Session $fresh -ReportType Crash -StartTime $latest.AddDays(3) -EndTime $latest.AddDays(4) -WarningVariable warned -WarningAction SilentlyContinue
            @($issues).Count | Should -Be 0
            "$($warned[0])" | Should -Match '^No rows: the window starts .* after the latest Daily data'
            $path = Join-Path $TestDrive 'empty.csv'
            Export-VitalsData -Session $fresh -MetricSet crashMetricSet -Metric crashRate -StartTime $latest.AddDays(3) -EndTime $latest.AddDays(4) -Path $path -WarningVariable warnedExport -WarningAction SilentlyContinue
            "$($warnedExport[0])" | Should -Match '^No rows: the window starts'
        }
    }

    Context 'paging' {
        It 'follows nextPageToken to the end and writes every row once' {
            $whole = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate
            $seq = Get-EmulatorSeq $emu
            $paged = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate -PageSize 9
            $log = @(Get-EmulatorQueryLog $emu -After $seq)
            $log.Count | Should -Be ([math]::Ceiling($whole.Count / 9))
            @($log | Where-Object pageToken).Count | Should -Be ($log.Count - 1)
            ($paged | ConvertTo-Csv) | Should -Be ($whole | ConvertTo-Csv)
        }

        It 'asks for pages of 100,000 rows by default, as Export-VitalsData does' {
            $seq = Get-EmulatorSeq $emu
            Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate | Out-Null
            Export-VitalsData -MetricSet crashMetricSet -Metric crashRate -Path (Join-Path $TestDrive 'pages.csv')
            (Wait-EmulatorRequest $emu -After $seq -Count 2 -Route query).body.pageSize | Should -Be @(100000, 100000)
        }

        It '-First stops fetching once enough rows are written, and asks for no more than it needs' {
            $seq = Get-EmulatorSeq $emu
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -First 5
            $rows.Count | Should -Be 5
            $log = @(Get-EmulatorQueryLog $emu -After $seq)
            $log.Count | Should -Be 1
            $log[0].body.pageSize | Should -Be 5
        }

        It '-First across pages stops at the page that completes it' {
            $seq = Get-EmulatorSeq $emu
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -First 25 -PageSize 10
            $rows.Count | Should -Be 25
            @(Get-EmulatorQueryLog $emu -After $seq).Count | Should -Be 3
        }

        It '-Skip skips rows' {
            $all = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate -First 10
            $skipped = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate -Skip 4 -First 6
            ($skipped | ConvertTo-Csv) | Should -Be ($all | Select-Object -Skip 4 | ConvertTo-Csv)
        }
    }

    Context 'checks before any request' {
        BeforeEach { $script:seq = Get-EmulatorSeq $emu }
        It '<Name>' -ForEach @(
            @{ Name = 'end not after start'; Id = 'EndNotAfterStart'; Params = @{ StartTime = [datetime]'2026-11-20'; EndTime = [datetime]'2026-11-20' }; Fix = 'exclusive' }
            @{ Name = 'more than 5 dimensions'; Id = 'TooManyDimensions'; Params = @{ Dimension = 'versionCode', 'countryCode', 'deviceModel', 'deviceType', 'deviceOS', 'osVersion' }; Fix = 'at most 5' }
            @{ Name = 'a 28d metric with Hourly'; Id = 'DailyOnlyMetric'; Params = @{ AggregationPeriod = 'Hourly'; Metric = 'crashRate28dUserWeighted' }; Fix = 'Daily' }
            @{ Name = 'a 7d metric with Hourly'; Id = 'DailyOnlyMetric'; Params = @{ AggregationPeriod = 'Hourly'; Metric = 'userPerceivedCrashRate7dUserWeighted' }; Fix = 'Daily' }
            @{ Name = 'Hourly wider than 15 days'; Id = 'HourlyTooWide'; Params = @{ AggregationPeriod = 'Hourly'; StartTime = [datetime]'2026-11-01'; EndTime = [datetime]'2026-11-20' }; Fix = '15 days' }
            @{ Name = 'PageSize 0'; Id = 'PageSizeOutOfRange'; Params = @{ PageSize = 0 }; Fix = '1..100000' }
            @{ Name = 'PageSize 100001'; Id = 'PageSizeOutOfRange'; Params = @{ PageSize = 100001 }; Fix = '1..100000' }
            @{ Name = 'the issues set as rates'; Id = 'IssuesSetIsNotRates'; Params = @{ MetricSet = 'issuesMetricSet' }; Fix = 'Get-VitalsIssue' }
        ) {
            $call = @{ MetricSet = 'crashMetricSet' }
            foreach ($key in $Params.Keys) { $call[$key] = $Params[$key] }
            $err = Get-ErrorOf { Invoke-VitalsQuery @call }
            $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match ([regex]::Escape($Fix))
            @(Get-EmulatorQueryLog $emu -After $seq).Count | Should -Be 0
        }

        It 'a bad -Filter value names the key and the fix' {
            $err = Get-ErrorOf { Invoke-VitalsQuery -MetricSet crashMetricSet -Filter @{ countryCode = @{ a = 1 } } }
            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidFilter,*'
            $err.Exception.Message | Should -Match 'countryCode'
        }
    }

    Context 'errors and pipeline input' {
        It 'maps a server 400 to INVALID_ARGUMENT with the server message' {
            $err = Get-ErrorOf { Invoke-VitalsQuery -MetricSet crashMetricSet -Metric bogus -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'INVALID_ARGUMENT,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.GetType().Name | Should -Be 'VitalsApiException'
            [int]$err.Exception.StatusCode | Should -Be 400
            $err.Exception.ErrorCode | Should -Be 'INVALID_ARGUMENT'
            $err.Exception.Message | Should -Match "Unknown metric 'bogus'"
        }

        It 'names the requestId the server sent with an error, and none when it sent none' {
            $seq = Get-EmulatorSeq $emu
            $err = Get-ErrorOf { Invoke-VitalsQuery -MetricSet crashMetricSet -Metric bogus -ErrorAction Stop }
            # Inferred sends the id in the header and the error body; strict errors are the reference's
            # {code, message, status} with no header, so there is no id to name and none may be made up.
            $sent = if ($EmulatorProfile -eq 'Inferred') { (Wait-EmulatorRequest $emu -After $seq -Route query).requestId }
            if ($sent) {
                $err.Exception.RequestId | Should -Be $sent
                $err.Exception.Message | Should -Match ([regex]::Escape($sent))
            }
            else {
                $err.Exception.RequestId | Should -BeNullOrEmpty
                $err.Exception.Message | Should -Not -Match 'requestId'
            }
        }

        It 'takes packages by value; one bad package is non-terminating and the rest still run' {
            $rows = 'com.example.tvapp', 'com.example.nosuch', 'com.example.tablet' |
                Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -ErrorVariable errs -ErrorAction SilentlyContinue
            $rows.PackageName | Sort-Object -Unique | Should -Be @('com.example.tablet', 'com.example.tvapp')
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'NOT_FOUND,*'
            $errs[0].TargetObject | Should -Be 'com.example.nosuch'
        }

        It 'takes packages by property name' {
            $rows = [pscustomobject]@{ PackageName = 'com.example.tablet' } | Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate
            $rows[0].PackageName | Should -Be 'com.example.tablet'
        }

        It 'takes a DateTimeOffset for -StartTime and -EndTime, as its UTC instant' {
            $day = $latest.AddDays(-3)
            # 09:00 at +09:00 is that UTC midnight.
            $start = [datetimeoffset]::new([datetime]::SpecifyKind($day.AddHours(9), 'Unspecified'), [timespan]::FromHours(9))
            $offset = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -StartTime $start -EndTime ([datetimeoffset]$day.AddDays(2))
            ($offset.StartTime | Sort-Object -Unique) | Should -Be @($day, $day.AddDays(1))
        }

        It 'warns, for Daily rows, when a local midnight widened to whole UTC dates takes in one more day: a start east of UTC, an end west of it' {
            $script = @"
Import-Module '$(Get-TestModulePath)'
Connect-Vitals -ClientId '$($emu.ClientId)' -ClientSecret (ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force) -BaseUri '$($emu.BaseUri)' -TokenUri '$($emu.TokenUri)' -PackageName com.example.tvapp -RequestsPerSecond 50
`$day = [datetime]::new($($latest.Year), $($latest.Month), $($latest.Day), 0, 0, 0, [DateTimeKind]::Local).AddDays(-3)
`$rows = 'com.example.tvapp', 'com.example.tablet' | Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -StartTime `$day -EndTime `$day.AddDays(1) -WarningVariable w -WarningAction SilentlyContinue
"ROWS `$(`$rows.Count) WARNINGS `$(`$w.Count)"
foreach (`$line in `$w) { "WARNING `$line" }
`$utc = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -StartTime `$day.ToString('yyyy-MM-dd') -EndTime `$day.AddDays(1).ToString('yyyy-MM-dd') -WarningVariable u -WarningAction SilentlyContinue
"BARE `$(`$utc.Count) `$(`$u.Count)"
"@
            $file = Join-Path $TestDrive 'local-midnight.ps1'
            Set-Content $file $script
            $saved = $env:TZ
            try {
                $env:TZ = 'Asia/Tokyo'
                $east = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $file 2>&1 | Out-String
                $env:TZ = 'America/New_York'
                $west = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $file 2>&1 | Out-String
            }
            finally { $env:TZ = $saved }
            # One day asked for, two UTC dates read, for each of two packages; one warning per command.
            $east | Should -Match 'ROWS 4 WARNINGS 1'
            $east | Should -Match 'WARNING -StartTime \d{4}-\d\d-\d\d 00:00 is a local time, \d{4}-\d\d-\d\d 15:00 UTC\. .*window starts at'
            $east | Should -Match 'BARE 1 0'
            $west | Should -Match 'ROWS 4 WARNINGS 1'
            $west | Should -Match 'WARNING -EndTime \d{4}-\d\d-\d\d 00:00 is a local time, \d{4}-\d\d-\d\d 0[45]:00 UTC\. .*window ends at'
            $west | Should -Match 'BARE 1 0'
        }

        It 'makes a failure terminating with -ErrorAction Stop' {
            { 'com.example.nosuch', 'com.example.tvapp' | Invoke-VitalsQuery -MetricSet crashMetricSet -ErrorAction Stop } | Should -Throw -ErrorId 'NOT_FOUND,*'
        }
    }

    Context 'output streams' {
        It '-Verbose writes one line per HTTP exchange with method, path, status, the body''s requestId, attempt and ms' {
            $seq = Get-EmulatorSeq $emu
            $lines = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -Dimension versionCode -PageSize 30 -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            $pattern = '^POST /vitals/apps/com\.example\.tvapp/crashMetricSet:query -> 200 requestId=([0-9a-f-]{36}) attempt=1 \d+ ms$'
            $shown = @($lines | ForEach-Object { if ($_ -match $pattern) { $Matches[1] } })
            # Query pages carry requestId in the body under both profiles; strict sends no header,
            # so a line with 'requestId=-' there means the module read only a header.
            $shown | Should -Be (Wait-EmulatorRequest $emu -After $seq -Count 3 -Route query).requestId
        }

        It '-Debug shows the request body but never a token or header' {
            # -Debug would prompt (Inquire) in a console; Continue shows the same stream without asking.
            $DebugPreference = 'Continue'
            $out = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -First 1 5>&1 | Out-String
            $out | Should -Match '"timelineSpec"'
            $out | Should -Not -Match 'Bearer|Authorization|Atc\|'
        }

        It 'exports to CSV and back with every column kept' {
            $path = Join-Path $TestDrive 'rows.csv'
            $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, countryCode, deviceModel -StartTime $latest -EndTime $latest.AddDays(1)
            $rows | Export-Csv $path -NoTypeInformation
            $back = Import-Csv $path
            $back.Count | Should -Be $rows.Count
            $back[0].PSObject.Properties.Name | Should -Be $rows[0].PSObject.Properties.Name
            $back[0].crashRate | Should -Be $rows[0].crashRate.ToString([cultureinfo]::InvariantCulture)
            @($back | Where-Object userPerceivedCrashRate -EQ '').Count | Should -Be @($rows | Where-Object { $null -eq $_.userPerceivedCrashRate }).Count
        }
    }
}
