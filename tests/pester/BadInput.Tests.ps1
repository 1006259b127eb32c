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
        @{ Name = 'Get-VitalsHealth -CrashRateThreshold 1.5'; Id = 'RateThresholdNotAFraction'; Category = 'InvalidArgument'; Run = { Get-VitalsHealth -CrashRateThreshold 1.5 } }
        @{ Name = 'Get-VitalsHealth -Confidence 1'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -Confidence 1 } }
        @{ Name = 'Get-VitalsHealth -Confidence 0.4'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -Confidence 0.4 } }
        @{ Name = 'Get-VitalsHealth -MinChange -0.1'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Run = { Get-VitalsHealth -MinChange -0.1 } }
        @{ Name = 'Get-VitalsHealth -ProvisionalDays as many as -Days'; Id = 'ProvisionalDaysOutOfRange'; Category = 'InvalidArgument'; Run = { Get-VitalsHealth -Days 2 -ProvisionalDays 2 } }
        # Export-VitalsReport: what fails before sending leaves no file
        @{ Name = 'Export-VitalsReport -PackageName ..'; Id = 'InvalidName'; Category = 'InvalidArgument'; Run = { param($Target) Export-VitalsReport -PackageName '..' -Path $Target } }
        @{ Name = 'Export-VitalsReport -Path Variable:'; Id = 'ExportPathNotFileSystem'; Category = 'InvalidArgument'; Run = { Export-VitalsReport -Path 'Variable:\health' } }
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

BeforeDiscovery {
    $row = '{"startTime":{"year":2026,"month":4,"day":20},"aggregationPeriod":"DAILY","dimensions":[],"metrics":[{"name":"crashRate","value":"RATE"},{"name":"crashCount","value":"COUNT"}]}'
    function New-Page([string] $Rate = '0.01', [string] $Count = '5', [string] $Tail = '') {
        '{"status":200,"requestId":"bad-page-id","rows":[' + $row.Replace('RATE', $Rate).Replace('COUNT', $Count) + ']' + $Tail + '}'
    }
    $issue = '{"crashDescriptor":"d1","reportText":"java.lang.X","metrics":[{"name":"errorEventCount","value":"EVENTS"},{"name":"affectedDeviceCount","value":"1"}]}'
    # Retries 1 (see the session below): a failure that is retried costs 2 queries, one that is not costs 1.
    $script:serverCases = @(
        @{ Name = 'a NaN rate'; Body = (New-Page -Rate 'NaN'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'an Infinity rate'; Body = (New-Page -Rate 'Infinity'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a rate of 1e400'; Body = (New-Page -Rate '1e400'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a count of 1e30'; Body = (New-Page -Count '1e30'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a count below Int64'; Body = (New-Page -Count '-9.3e18'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a rate that is a word'; Body = (New-Page -Rate 'high'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a count that is empty'; Body = (New-Page -Count ''); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a metric named twice in a row'; Body = (New-Page -Tail '').Replace('{"name":"crashCount"', '{"name":"crashRate","value":"0.5"},{"name":"crashCount"'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'rows given twice'; Body = (New-Page -Tail ',"rows":[]'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'nextPageToken given twice'; Body = (New-Page -Tail ',"nextPageToken":"a","nextPageToken":"b"'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'no rows array'; Body = '{"status":200,"requestId":"x","resultCount":0}'; Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a row without startTime'; Body = (New-Page).Replace('"startTime":{"year":2026,"month":4,"day":20},', ''); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a startTime that is no date'; Body = (New-Page).Replace('"day":20', '"day":40'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'rows that is a string'; Body = '{"rows":"none"}'; Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a metric value that is an object'; Body = (New-Page -Rate 'X').Replace('"value":"X"', '"value":{"v":1}'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'an empty page whose nextPageToken never changes'; Body = '{"rows":[],"nextPageToken":"again"}'; Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 2 }
        @{ Name = 'an HTML page with status 200'; Body = '<html><body>Maintenance</body></html>'; ContentType = 'text/html'; Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 2 }
        @{ Name = 'an HTML page with status 502'; Body = '<html><body>Bad Gateway</body></html>'; ContentType = 'text/html'; Status = 502; Id = 'HTTP_502'; Category = 'ResourceUnavailable'; Queries = 2 }
        @{ Name = 'a JSON array instead of an object'; Body = '[1,2,3]'; Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a value that is a lone surrogate'; Body = (New-Page -Rate '\ud800'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1 }
        @{ Name = 'a body cut short'; Body = (New-Page).Substring(0, 60); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 2 }
        @{ Name = 'an unknown error code with 418'; Body = '{"code":"I_AM_A_TEAPOT","message":"short and stout","status":418}'; Status = 418; Id = 'I_AM_A_TEAPOT'; Category = 'InvalidArgument'; Queries = 1 }
        @{ Name = 'an unknown error code with 500'; Body = '{"code":"SOMETHING_NEW","message":"try later","status":500}'; Status = 500; Id = 'SOMETHING_NEW'; Category = 'ResourceUnavailable'; Queries = 2 }
        @{ Name = 'an error body with no code'; Body = '{"message":"no code here"}'; Status = 400; Id = 'HTTP_400'; Category = 'InvalidArgument'; Queries = 1 }
        @{ Name = 'a NaN issue count'; Body = ('{"rows":[' + $issue.Replace('EVENTS', 'NaN') + ']}'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1; Issues = $true }
        @{ Name = 'an issue count beyond Int64'; Body = ('{"rows":[' + $issue.Replace('EVENTS', '99999999999999999999') + ']}'); Id = 'MalformedResponse'; Category = 'InvalidData'; Queries = 1; Issues = $true }
    )
}

# The same table against both emulator profiles: what is checked before sending must not depend on
# what a server guesses, and what a server sends wrong must fail the same way whatever it guessed.
Describe 'Bad input against the <EmulatorProfile> emulator' -ForEach @(@{ EmulatorProfile = 'Inferred' }, @{ EmulatorProfile = 'Strict' }) {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
        Import-Module (Get-TestModulePath) -Force
        $script:emu = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile
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

    Describe 'Bad answers from the server' {
        BeforeAll {
            # One retry, so the cases stay quick while still telling retried from not retried.
            $script:oneRetry = Connect-VitalsEmulator -Emulator $emu -With @{ PassThru = $true; PackageName = 'com.example.tvapp'; RequestsPerSecond = 50; MaxRetryCount = 1; MaxRetryDelaySec = 1 }
            $script:serverLatest = (Get-VitalsFreshness -MetricSet crashMetricSet -Session $oneRetry).LatestDaily
            $script:window = @{ StartTime = $serverLatest.AddDays(-1); EndTime = $serverLatest }
        }

        It '<Name>: <Id>, <Queries> request(s)' -ForEach $serverCases {
            $fault = @{ on = 'query'; nth = 1; count = 99; kind = 'body'; body = $Body; status = $(if ($Status) { $Status } else { 200 }) }
            if ($ContentType) { $fault.contentType = $ContentType }
            $seq = Get-EmulatorSeq $emu
            Add-EmulatorFault $emu $fault
            try {
                $err = if ($Issues) {
                    Get-ErrorOf { Get-VitalsIssue -Session $oneRetry @window -ErrorAction Stop }
                }
                else {
                    Get-ErrorOf { Invoke-VitalsQuery -MetricSet crashMetricSet -Session $oneRetry -Metric crashRate, crashCount @window -ErrorAction Stop }
                }
            }
            finally { Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null }

            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $err.CategoryInfo.Category | Should -Be $Category
            $err.Exception.GetType().FullName | Should -BeLike 'AmazonVitals.*'
            $err.Exception.Message | Should -Not -Match 'System\.[A-Za-z]+Exception'
            $sent = @(Get-EmulatorQueryLog $emu -After $seq)
            $sent.Count | Should -Be $Queries
            # The requestId is the body's when it has one; else a header's, which only the
            # inferred profile sends (the reference documents none).
            $expectedId = if ($Body -match '^\{"(status":200,")?requestId":"([^"]+)"') { $Matches[2] } elseif ($EmulatorProfile -eq 'Inferred') { $sent[-1].requestId } else { $null }
            $err.Exception.RequestId | Should -Be $expectedId
            @(Invoke-VitalsQuery -MetricSet crashMetricSet -Session $oneRetry -Metric crashRate -First 1).Count | Should -Be 1
        }

        It 'a token endpoint that answers 200 without access_token: TokenEndpointUnavailable, named, bounded' {
            $seq = Get-EmulatorSeq $emu
            Add-EmulatorFault $emu @{ on = 'token'; nth = 1; count = 99; kind = 'body'; body = '{"token_type":"bearer","expires_in":3600}' }
            try {
                $err = Get-ErrorOf { Connect-VitalsEmulator -Emulator $emu -With @{ PassThru = $true; MaxRetryCount = 2; MaxRetryDelaySec = 1 } }
            }
            finally { Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null }
            $err.FullyQualifiedErrorId | Should -BeLike 'TokenEndpointUnavailable,*'
            $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $err.Exception.Message | Should -Match ([regex]::Escape($emu.TokenUri))
            @(Get-EmulatorLog $emu | Where-Object { $_.seq -gt $seq -and $_.route -eq 'token' }).Count | Should -Be 3
        }

        It 'a NaN in one rate set: that measure is NotAvailable, the others stand, and the package is not Healthy' {
            Add-EmulatorFault $emu @{ on = 'query'; nth = 1; count = 1; kind = 'body'; body = (
                    '{"rows":[{"startTime":{"year":2026,"month":4,"day":20},"dimensions":[{"name":"versionCode","value":"151"}],' +
                    '"metrics":[{"name":"crashRate","value":"NaN"},{"name":"anrRate","value":"NaN"},{"name":"lmkRate","value":"NaN"},{"name":"distinctDevices","value":"5000"}]}]}') }
            try {
                # -Top 0: only the three rate queries, so whichever arrives first gets the NaN page.
                $h = Get-VitalsHealth com.example.tvapp -Top 0 -Session $oneRetry -ErrorAction Stop
            }
            finally { Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null }
            $broken = @($h.Measures | Where-Object Verdict -EQ 'NotAvailable')
            $broken.Count | Should -Be 1
            $broken[0].Reason | Should -Match 'not a finite number'
            @($h.Measures | Where-Object { $null -ne $_.WindowRate }).Count | Should -Be 2
            $h.Healthy | Should -BeFalse
            $h.Reasons | Should -Match 'not available'
        }

        It 'a NaN in an export: <Format> gets no file at all, an existing file is kept, and the error is typed' -ForEach @(@{ Format = 'Csv' }, @{ Format = 'JsonLines' }) {
            $target = Join-Path $folder "nan.$Format"
            Set-Content $target 'previous export'
            Add-EmulatorFault $emu @{ on = 'query'; nth = 1; count = 99; kind = 'body'; body = '{"rows":[{"startTime":{"year":2026,"month":4,"day":20},"metrics":[{"name":"crashRate","value":"NaN"}]}]}' }
            try {
                Export-VitalsData -MetricSet crashMetricSet -Metric crashRate -Session $oneRetry -Path $target -Format $Format @window -ErrorVariable errs -ErrorAction SilentlyContinue
            }
            finally { Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null }
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'MalformedResponse,*'
            Get-Content $target | Should -Be 'previous export'
            @(Get-ChildItem $folder -Filter '*.partial').Count | Should -Be 0
            Remove-Item $target
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
    }
}
