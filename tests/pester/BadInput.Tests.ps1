# Every bad input a user can type, through the built module against the emulator: each gets a
# typed ErrorRecord with a stable FullyQualifiedErrorId prefix and a precise category, never a raw
# .NET exception; nothing is sent for what can be checked before sending; no file is left behind;
# and the session still works for the next command.
BeforeDiscovery {
    $day = [datetime]'2026-04-20'
    $script:userCases = @(
        # Invoke-VitalsQuery: names
        @{ Name = 'empty -PackageName'; Id = 'EmptyPackageName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName '' -MetricSet crashMetricSet } }
        @{ Name = 'blank -PackageName'; Id = 'EmptyPackageName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName '   ' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName ..'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName '..' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName .'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName '.' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with a leading space'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName ' com.example.tvapp' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with a trailing space'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName 'com.example.tvapp ' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with /'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName 'com.example/tvapp' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with ?'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName 'com.example?x=1' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with #'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName 'com.example#x' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with %'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName 'com%2Fexample' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with \'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName 'com\example' -MetricSet crashMetricSet } }
        @{ Name = '-PackageName with a tab'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -PackageName "com.example`ttvapp" -MetricSet crashMetricSet } }
        @{ Name = 'empty -MetricSet'; Id = 'ParameterArgumentValidationErrorEmptyStringNotAllowed'; Category = 'InvalidData'; Run = { Invoke-VitalsQuery -MetricSet '' } }
        @{ Name = '-MetricSet ..'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet '..' } }
        @{ Name = '-MetricSet with /'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet 'crash/MetricSet' } }
        @{ Name = '-MetricSet with a leading space'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet ' crashMetricSet' } }
        # Invoke-VitalsQuery: dates and windows
        @{ Name = '-EndTime [datetime]::MaxValue'; Id = 'TimeOutOfRange'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -EndTime ([datetime]::MaxValue) } }
        @{ Name = '-StartTime [datetime]::MinValue'; Id = 'TimeOutOfRange'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -StartTime ([datetime]::MinValue) } }
        @{ Name = '-StartTime before 2000'; Id = 'TimeOutOfRange'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -StartTime 1999-12-31 -EndTime 2000-01-02 } }
        @{ Name = '-EndTime after 2100'; Id = 'TimeOutOfRange'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -StartTime 2100-01-01 -EndTime 2100-01-03 } }
        @{ Name = '-EndTime equal to -StartTime'; Id = 'EndNotAfterStart'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -StartTime $day -EndTime $day }.GetNewClosure() }
        @{ Name = '-EndTime before -StartTime'; Id = 'EndNotAfterStart'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -StartTime $day -EndTime $day.AddDays(-2) }.GetNewClosure() }
        @{ Name = 'a Daily window of 31 days'; Id = 'DailyTooWide'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -StartTime $day.AddDays(-31) -EndTime $day }.GetNewClosure() }
        @{ Name = 'an Hourly window of 16 days'; Id = 'HourlyTooWide'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Hourly -Metric crashRate -StartTime $day.AddDays(-16) -EndTime $day }.GetNewClosure() }
        @{ Name = 'a 7-day metric with Hourly'; Id = 'DailyOnlyMetric'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Hourly -Metric crashRate7dUserWeighted } }
        @{ Name = 'a 28-day metric with Hourly'; Id = 'DailyOnlyMetric'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Hourly -Metric crashRate, userPerceivedCrashRate28dUserWeighted } }
        @{ Name = '-AggregationPeriod Weekly'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Weekly } }
        # Invoke-VitalsQuery: columns
        @{ Name = '6 dimensions'; Id = 'TooManyDimensions'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, countryCode, deviceModel, deviceType, deviceOS, osVersion } }
        @{ Name = 'a dimension twice, in another case'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, VersionCode } }
        @{ Name = 'a metric twice, in another case'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate, CRASHRATE } }
        @{ Name = 'a metric named like a dimension'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric versioncode } }
        @{ Name = 'a dimension named StartTime'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension StartTime } }
        @{ Name = 'a metric named PackageName'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Metric packagename } }
        @{ Name = 'an empty dimension'; Id = 'EmptyName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension '' } }
        @{ Name = 'an empty metric'; Id = 'EmptyName'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate, ' ' } }
        # Invoke-VitalsQuery: filters and paging
        @{ Name = 'a filter value that is a hashtable'; Id = 'InvalidFilter'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Filter @{ countryCode = @{ a = 1 } } } }
        @{ Name = 'a filter with an empty key'; Id = 'InvalidFilter'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Filter @{ '' = 'US' } } }
        @{ Name = 'a filter with no values'; Id = 'InvalidFilter'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Filter @{ countryCode = @() } } }
        @{ Name = 'a filter value list holding an object'; Id = 'InvalidFilter'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Filter @{ countryCode = 'US', [pscustomobject]@{ a = 1 } } } }
        @{ Name = '-PageSize 0'; Id = 'PageSizeOutOfRange'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -PageSize 0 } }
        @{ Name = '-PageSize -1'; Id = 'PageSizeOutOfRange'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -PageSize -1 } }
        @{ Name = '-PageSize 100001'; Id = 'PageSizeOutOfRange'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -PageSize 100001 } }
        @{ Name = '-PageSize that is not a number'; Id = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -PageSize lots } }
        @{ Name = '-First -1'; Id = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -First -1 } }
        @{ Name = '-Skip that is not a number'; Id = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Run = { Invoke-VitalsQuery -MetricSet crashMetricSet -Skip some } }
        # Get-VitalsIssue
        @{ Name = 'Get-VitalsIssue -PackageName ..'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Get-VitalsIssue -PackageName '..' } }
        @{ Name = 'Get-VitalsIssue -Dimension ReportText'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { Get-VitalsIssue -Dimension ReportText } }
        @{ Name = 'Get-VitalsIssue -Dimension crashdescriptor'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { Get-VitalsIssue -Dimension crashdescriptor } }
        @{ Name = 'Get-VitalsIssue -ReportType Lmk'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsIssue -ReportType Lmk } }
        @{ Name = 'Get-VitalsIssue over 31 days'; Id = 'DailyTooWide'; Category = 'InvalidArgument'; Run = { Get-VitalsIssue -StartTime $day.AddDays(-31) -EndTime $day }.GetNewClosure() }
        @{ Name = 'Get-VitalsIssue -EndTime [datetime]::MaxValue'; Id = 'TimeOutOfRange'; Category = 'InvalidArgument'; Run = { Get-VitalsIssue -EndTime ([datetime]::MaxValue) } }
        @{ Name = 'Get-VitalsIssue -PageSize 0'; Id = 'PageSizeOutOfRange'; Category = 'InvalidArgument'; Run = { Get-VitalsIssue -PageSize 0 } }
        # Get-VitalsFreshness
        @{ Name = 'Get-VitalsFreshness -PackageName ..'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Get-VitalsFreshness -PackageName '..' } }
        @{ Name = 'Get-VitalsFreshness -PackageName empty'; Id = 'EmptyPackageName'; Category = 'InvalidArgument'; Run = { Get-VitalsFreshness -PackageName '' } }
        @{ Name = 'Get-VitalsFreshness -MetricSet ..'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Get-VitalsFreshness -MetricSet '..' } }
        @{ Name = 'Get-VitalsFreshness -MetricSet with ?'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Get-VitalsFreshness -MetricSet 'crashMetricSet?x' } }
        # Get-VitalsHealth
        @{ Name = 'Get-VitalsHealth -PackageName with /'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { Get-VitalsHealth -PackageName 'a/b' } }
        @{ Name = 'Get-VitalsHealth -Days 0'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -Days 0 } }
        @{ Name = 'Get-VitalsHealth -Days 16'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -Days 16 } }
        @{ Name = 'Get-VitalsHealth -Top 101'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -Top 101 } }
        @{ Name = 'Get-VitalsHealth -MinDevices -1'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -MinDevices -1 } }
        @{ Name = 'Get-VitalsHealth -CrashRateThreshold 1.5'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -CrashRateThreshold 1.5 } }
        # Export-VitalsData: what fails before sending leaves no file
        @{ Name = 'Export-VitalsData -PackageName ..'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { param($Target) Export-VitalsData -PackageName '..' -MetricSet crashMetricSet -Path $Target } }
        @{ Name = 'Export-VitalsData -EndTime [datetime]::MaxValue'; Id = 'TimeOutOfRange'; Category = 'InvalidArgument'; Run = { param($Target) Export-VitalsData -MetricSet crashMetricSet -EndTime ([datetime]::MaxValue) -Path $Target } }
        @{ Name = 'Export-VitalsData -Dimension twice'; Id = 'DuplicateColumn'; Category = 'InvalidArgument'; Run = { param($Target) Export-VitalsData -MetricSet crashMetricSet -Dimension osVersion, OSVERSION -Path $Target } }
        @{ Name = 'Export-VitalsData -Format Xml'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { param($Target) Export-VitalsData -MetricSet crashMetricSet -Format Xml -Path $Target } }
        # Connect-Vitals
        @{ Name = 'Connect-Vitals -BaseUri that is not a URI'; Id = 'InvalidUri'; Category = 'InvalidArgument'; Run = { Connect-Vitals -ClientId x -ClientSecret (ConvertTo-SecureString s -AsPlainText -Force) -BaseUri 'not a uri' } }
        @{ Name = 'Connect-Vitals -TokenUri over plain http to a remote host'; Id = 'InsecureUri'; Category = 'InvalidArgument'; Run = { Connect-Vitals -ClientId x -ClientSecret (ConvertTo-SecureString s -AsPlainText -Force) -TokenUri 'http://example.com/auth/o2/token' } }
        @{ Name = 'Connect-Vitals -RequestsPerSecond 0'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Connect-Vitals -ClientId x -ClientSecret (ConvertTo-SecureString s -AsPlainText -Force) -RequestsPerSecond 0 } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
    $script:folder = Join-Path $TestDrive 'bad-input'
    New-Item -ItemType Directory $folder | Out-Null
    function Get-ErrorOf([scriptblock] $Block, $Target) {
        try { & $Block $Target | Out-Null; $null } catch { $_ }
    }
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'Bad input from the user' {
    It '<Name>: <Id>, sent nothing' -ForEach $userCases {
        $seq = Get-EmulatorSeq $emu
        $target = Join-Path $folder 'export.csv'
        $err = Get-ErrorOf $Run $target

        $err | Should -Not -BeNullOrEmpty -Because 'bad input must fail'
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $err.CategoryInfo.Category | Should -Be $Category
        # A raw .NET exception (ArgumentOutOfRangeException, NullReferenceException...) is never the answer.
        $err.Exception.GetType().FullName | Should -Not -Match '^System\.(?!Management\.Automation\.)'
        $err.Exception.Message | Should -Not -BeNullOrEmpty
        @(Get-EmulatorLog $emu | Where-Object { $_.seq -gt $seq -and $_.route -in 'query', 'freshness' }).Count | Should -Be 0
        @(Get-ChildItem $folder -Force).Count | Should -Be 0 -Because 'no file, partial or whole, is left behind'
        # The session still works for the next command.
        (Get-VitalsSession).ClientId | Should -Be $emu.ClientId
        @(Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -First 1).Count | Should -Be 1
    }
}

Describe 'Bad PackageName from the pipeline' {
    It 'is an error for that input only; the inputs around it still run, and the default package is never used for it' {
        $inputs = @(
            [pscustomobject]@{ PackageName = 'com.example.tablet' }
            [pscustomobject]@{ PackageName = '' }
            [pscustomobject]@{ PackageName = '..' }
            [pscustomobject]@{ PackageName = 'com.example.regressed' }
        )
        $rows = $inputs | Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -ErrorVariable errs -ErrorAction SilentlyContinue
        ($rows.PackageName | Sort-Object -Unique) | Should -Be @('com.example.regressed', 'com.example.tablet')
        $rows.PackageName | Should -Not -Contain 'com.example.tvapp'
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EmptyPackageName,*'
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'InvalidName,*'
        $errs | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
    }

    It 'applies the session default only when -PackageName is not bound at all' {
        $rows = [pscustomobject]@{ Other = 1 } | ForEach-Object { Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -First 1 }
        $rows.PackageName | Should -Be 'com.example.tvapp'
    }
}
