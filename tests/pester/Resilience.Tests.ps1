# Retries, the rate limit, token refresh and cancellation, through the built module, with faults
# injected by the emulator. Bounds on time are generous: they check behaviour, not speed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:module = Get-TestModulePath
    $script:emu = Start-VitalsEmulator -RateLimit 0
    Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
    $script:query = @{ MetricSet = 'crashMetricSet'; Dimension = 'versionCode'; Metric = 'crashRate', 'crashCount'; PageSize = 10 }
    $script:baseline = Invoke-VitalsQuery @query | ConvertTo-Csv
    function Get-ErrorOf([scriptblock] $Block) {
        try { & $Block; $null } catch { $_ }
    }
    function Get-QueryGap($Entries) {
        # Milliseconds between the first two logged attempts.
        ([datetimeoffset]$Entries[1].time - [datetimeoffset]$Entries[0].time).TotalMilliseconds
    }
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'Retries' {
    It 'finishes through a <Status> on the second page with exactly the same rows, resending the same pageToken' -ForEach @(
        @{ Status = 429 }, @{ Status = 500 }, @{ Status = 502 }, @{ Status = 503 }, @{ Status = 504 }
    ) {
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'query'; nth = 2; kind = 'status'; status = $Status }
        $rows = Invoke-VitalsQuery @query | ConvertTo-Csv
        $rows | Should -Be $baseline
        $log = @(Get-EmulatorQueryLog $emu -After $seq)
        $log[1].status | Should -Be $Status
        $log[2].pageToken | Should -Be $log[1].pageToken
        $log.Count | Should -Be 8
    }

    It 'finishes through a <Kind> with exactly the same rows' -ForEach @(
        @{ Kind = 'drop' }, @{ Kind = 'badjson' }, @{ Kind = 'truncate' }
    ) {
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'query'; nth = 3; kind = $Kind }
        Invoke-VitalsQuery @query | ConvertTo-Csv | Should -Be $baseline
        # The fault fired on the third request, and that page was asked for again: one request more
        # than the seven pages, the retry carrying the same pageToken.
        $log = @(Get-EmulatorQueryLog $emu -After $seq)
        $log[2].fault | Should -Be $Kind
        @($log | Where-Object fault).Count | Should -Be 1
        $log[3].fault | Should -BeNullOrEmpty
        $log[3].pageToken | Should -Be $log[2].pageToken
        $log.Count | Should -Be 8
    }

    It 'gives up on a persistent 503 after MaxRetryCount retries, in bounded time' {
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; count = 20; kind = 'status'; status = 503 }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = Get-ErrorOf { Invoke-VitalsQuery @query -ErrorAction Stop }
        $watch.Stop()
        Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null
        $err.FullyQualifiedErrorId | Should -BeLike 'UNAVAILABLE,*'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        @(Get-EmulatorQueryLog $emu -After $seq).Count | Should -Be 4
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 40
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 1.5
        Write-Host "    persistent 503: 4 attempts in $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s"
    }

    It 'never retries a 400' {
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; kind = 'status'; status = 400 }
        $err = Get-ErrorOf { Invoke-VitalsQuery @query -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-EmulatorQueryLog $emu -After $seq).Count | Should -Be 1
    }

    It 'honours Retry-After in seconds' {
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; kind = 'status'; status = 429; retryAfter = '2' }
        Invoke-VitalsQuery @query -First 1 | Out-Null
        Get-QueryGap @(Get-EmulatorQueryLog $emu -After $seq) | Should -BeGreaterOrEqual 1900
    }

    It 'honours Retry-After as an HTTP date' {
        $seq = Get-EmulatorSeq $emu
        $when = [datetime]::UtcNow.AddSeconds(3).ToString('r')
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; kind = 'status'; status = 503; retryAfter = $when }
        Invoke-VitalsQuery @query -First 1 | Out-Null
        Get-QueryGap @(Get-EmulatorQueryLog $emu -After $seq) | Should -BeGreaterOrEqual 1500
    }

    It 'caps a long Retry-After at -MaxRetryDelaySec' {
        $capped = Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50; MaxRetryDelaySec = 1; PassThru = $true }
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; kind = 'status'; status = 429; retryAfter = '120' }
        Invoke-VitalsQuery @query -First 1 -Session $capped | Out-Null
        $gap = Get-QueryGap @(Get-EmulatorQueryLog $emu -After $seq)
        $gap | Should -BeGreaterOrEqual 900
        $gap | Should -BeLessThan 5000
    }

    It 'says in -Verbose what it retries and why' {
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; kind = 'status'; status = 502 }
        $verbose = Invoke-VitalsQuery @query -First 1 -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | Out-String
        $verbose | Should -Match '-> 502 requestId=\S+ attempt=1'
        $verbose | Should -Match 'Retry 1 of 3'
        $verbose | Should -Match 'attempt=2'
    }

    It 'ends a call at -TimeoutSec, retries included, as an OperationTimeout' {
        $short = Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50; TimeoutSec = 2; PassThru = $true }
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; kind = 'slow'; delayMs = 20000 }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = Get-ErrorOf { Invoke-VitalsQuery @query -Session $short -ErrorAction Stop }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        $err.FullyQualifiedErrorId | Should -BeLike 'Timeout,*'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }
}

Describe 'Token refresh' {
    It 'refreshes once when the token expires mid-run, and the run completes' {
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'query'; nth = 3; kind = 'expireToken' }
        Invoke-VitalsQuery @query | ConvertTo-Csv | Should -Be $baseline
        $after = @(Get-EmulatorLog $emu | Where-Object seq -GT $seq)
        @($after | Where-Object route -EQ 'token').Count | Should -Be 1
        @($after | Where-Object status -EQ 403).Count | Should -Be 1
    }

    It 'fails with AuthenticationError when the token is refused even after a refresh' {
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; count = 2; kind = 'status'; status = 403 }
        $err = Get-ErrorOf { Invoke-VitalsQuery @query -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'TokenRefusedAfterRefresh,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'after a fresh token'
    }

    It '50 parallel callers after the token expired cause a single token request' {
        Get-VitalsFreshness -MetricSet crashMetricSet | Out-Null   # hold a token first
        $seq = Get-EmulatorSeq $emu
        Add-EmulatorFault $emu @{ on = 'api'; nth = 1; kind = 'expireToken' }
        $results = 1..50 | ForEach-Object -Parallel {
            Import-Module $using:module
            (Get-VitalsFreshness -PackageName com.example.tvapp -MetricSet crashMetricSet).MetricSet
        } -ThrottleLimit 50
        $results.Count | Should -Be 50
        @(Get-EmulatorLog $emu | Where-Object { $_.seq -gt $seq -and $_.route -eq 'token' }).Count | Should -Be 1
    }
}

Describe 'Cancellation' {
    BeforeAll {
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        function Measure-Stop([hashtable] $Fault, [string] $Script) {
            Add-EmulatorFault $emu $Fault
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$module'; $Script")
                $async = $ps.BeginInvoke()
                Start-Sleep -Milliseconds 2500   # well inside the slow answer or the backoff wait
                $ps.InvocationStateInfo.State | Should -Be 'Running'
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                $watch.Elapsed.TotalSeconds
            }
            finally {
                $ps.Dispose()
                Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null
            }
        }
    }

    It 'Stop() cancels a slow answer within a second' {
        $seconds = Measure-Stop @{ on = 'query'; nth = 1; kind = 'slow'; delayMs = 60000 } 'Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate'
        $seconds | Should -BeLessThan 1.5
    }

    It 'Stop() cancels a backoff wait within a second' {
        $seconds = Measure-Stop @{ on = 'query'; nth = 1; kind = 'status'; status = 503; retryAfter = '50' } 'Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate'
        $seconds | Should -BeLessThan 1.5
    }
}

Describe 'The shared rate limit' {
    It 'ForEach-Object -Parallel with 4 workers shares one limit: no 4 requests arrive much inside a second, and a refusal is rare' {
        $limited = Start-VitalsEmulator -RateLimit 3 -ClientId 'rate-client'
        try {
            $secret = ConvertTo-SecureString $limited.ClientSecret -AsPlainText -Force
            Connect-Vitals -ClientId 'rate-client' -ClientSecret $secret -BaseUri $limited.BaseUri -TokenUri $limited.TokenUri -PackageName com.example.tvapp
            1..4 | ForEach-Object -Parallel {
                Import-Module $using:module
                foreach ($i in 1..4) {
                    Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -StartTime ([datetime]::UtcNow.Date.AddDays(-3)) -EndTime ([datetime]::UtcNow.Date.AddDays(-2)) | Out-Null
                }
            } -ThrottleLimit 4
            $api = @(Get-EmulatorLog $limited | Where-Object route -In 'query', 'freshness')
            Write-Host "    API requests: $(($api | Group-Object route, status | ForEach-Object { '{0} x{1}' -f $_.Name, $_.Count }) -join '; ')"
            @($api | Where-Object { $_.route -eq 'query' -and $_.status -eq 200 }).Count | Should -Be 16
            # The gate spaces sends by a second and a margin; the server stamps arrivals. On a
            # starved machine one send can leave late and the next on time, so an arrival gap may
            # fall short of the second by more than the margin: one 429, retried. Gates per runspace
            # instead of per process would let about 12 requests go at once: 9 refusals, spans of ms.
            @($api | Where-Object status -EQ 429).Count | Should -BeLessOrEqual 1
            $times = $api | ForEach-Object { ([datetimeoffset]$_.time).ToUnixTimeMilliseconds() } | Sort-Object
            $closest = (3..($times.Count - 1) | ForEach-Object { $times[$_] - $times[$_ - 3] } | Measure-Object -Minimum).Minimum
            Write-Host "    4 workers, 16 requests: the closest 4 consecutive requests spanned $closest ms"
            $closest | Should -BeGreaterOrEqual 800
        }
        finally {
            Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
            Stop-VitalsEmulator $limited
        }
    }
}
