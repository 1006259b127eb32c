# What happens around a query rather than in it: defaults the server decides, -First with
# client-side trimming, a disconnect from another runspace mid-query, and a failed connect.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    $script:module = Get-TestModulePath
    Import-Module $module -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
    $script:latestHour = (Get-VitalsFreshness -MetricSet crashMetricSet).LatestHourly
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'Nothing to do' {
    It '-First 0 sends nothing' {
        $seq = Get-EmulatorSeq $emu
        @(Invoke-VitalsQuery -MetricSet crashMetricSet -First 0).Count | Should -Be 0
        @(Get-VitalsIssue -First 0).Count | Should -Be 0
        @(Get-EmulatorLog $emu | Where-Object { $_.seq -gt $seq -and $_.route -in 'query', 'freshness' }).Count | Should -Be 0
    }

    It 'Export-VitalsData -WhatIf needs no session and writes nothing' {
        $session = Get-VitalsSession
        Disconnect-Vitals
        try {
            $target = Join-Path $TestDrive 'whatif-nosession.csv'
            Export-VitalsData -MetricSet crashMetricSet -PackageName com.example.tvapp -Path $target -WhatIf -ErrorAction Stop
            Test-Path $target | Should -BeFalse
        }
        finally {
            Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        }
    }
}

Describe 'Defaults the server decides' {
    It 'an Hourly query without -Metric asks for every metric the set lists except the Daily-only ones' {
        $seq = Get-EmulatorSeq $emu
        $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Hourly -First 3
        $rows.Count | Should -Be 3
        $listed = (Get-VitalsFreshness -MetricSet crashMetricSet).Metrics
        $expected = @($listed | Where-Object { $_ -notmatch '(7d|28d)UserWeighted$' })
        $rows[0].PSObject.Properties.Name | Select-Object -Skip 4 | Should -Be $expected
        $sent = (Get-EmulatorQueryLog $emu -After $seq | Select-Object -First 1).body
        $sent.metrics | Should -Be $expected
    }

    It '-First on a part-day Hourly window does not shrink the page (rows are trimmed on the client)' {
        $seq = Get-EmulatorSeq $emu
        $rows = Invoke-VitalsQuery -MetricSet crashMetricSet -AggregationPeriod Hourly -Metric crashRate -Dimension versionCode `
            -StartTime $latestHour.AddHours(-3) -EndTime $latestHour -First 5
        $rows.Count | Should -Be 5
        $queries = @(Get-EmulatorQueryLog $emu -After $seq)
        $queries.Count | Should -Be 1
        $queries[0].body.pageSize | Should -BeGreaterThan 5
    }
}

Describe 'Disconnect-Vitals while another runspace is mid-query' {
    It 'the query fails with NotConnected at its next page, never with ObjectDisposedException' {
        Add-EmulatorFault $emu @{ on = 'query'; nth = 2; count = 1; kind = 'slow'; delayMs = 2500 }
        $seq = Get-EmulatorSeq $emu
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Module)
                Import-Module $Module
                try {
                    $n = @(Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode, countryCode -Metric crashRate -PageSize 20 -ErrorAction Stop).Count
                    "completed $n"
                }
                catch { "failed $($_.FullyQualifiedErrorId) $($_.Exception.GetType().FullName)" }
            }).AddArgument($module)
            $async = $ps.BeginInvoke()
            # Wait until the slow second page is on its way, then disconnect under it.
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while (@(Get-EmulatorQueryLog $emu -After $seq).Count -lt 1 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 300
            Disconnect-Vitals
            $outcome = $ps.EndInvoke($async)
        }
        finally { $ps.Dispose() }
        # Page 2 is held 2.5 s by the server; the disconnect lands inside that, so the next page
        # (which needs the token the disconnect dropped) must end the query with NotConnected.
        "$outcome" | Should -Match '^failed NotConnected,'
        "$outcome" | Should -Not -Match 'ObjectDisposed'
        Write-Host "    mid-query disconnect: $outcome"
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
    }
}

Describe 'A Connect-Vitals that fails' {
    It 'leaves the process-wide rate limit of its client id as it was' {
        $bad = ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force
        { Connect-Vitals -ClientId $emu.ClientId -ClientSecret $bad -BaseUri $emu.BaseUri -TokenUri $emu.TokenUri -RequestsPerSecond 1 } |
            Should -Throw -ErrorId 'InvalidCredentials*'
        # At 1 request a second, 5 queries would take at least 4 s; at the 50 still in force, they don't.
        $seq = Get-EmulatorSeq $emu
        1..5 | ForEach-Object { $null = Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -First 1 }
        $times = @(Get-EmulatorQueryLog $emu -After $seq | ForEach-Object { [datetimeoffset]$_.time })
        $times.Count | Should -Be 5
        ($times[-1] - $times[0]).TotalSeconds | Should -BeLessThan 3
        (Get-VitalsSession).RequestsPerSecond | Should -Be 50
    }
}
