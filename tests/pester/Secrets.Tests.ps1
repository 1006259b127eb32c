# The client secret, the token and the Authorization header never reach any stream, transcript,
# trace or error record, even with -Verbose, debug output, retries and errors. Checked with a
# sentinel secret that cannot appear by accident.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:sentinel = 'SENTINEL-' + [guid]::NewGuid().ToString('N')
    $script:emu = Start-VitalsEmulator -RateLimit 0 -ClientSecret $sentinel
    # The -PassThru connect below becomes the default only when there is none.
    Disconnect-Vitals
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'Secret hygiene' {
    It 'never shows the secret, the token or the Authorization header' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $trace = Join-Path $TestDrive 'trace.txt'
        $Error.Clear()
        $DebugPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $InformationPreference = 'Continue'
        Start-Transcript -Path $transcript | Out-Null
        try {
            $secure = ConvertTo-SecureString $sentinel -AsPlainText -Force
            $everything = & {
                Trace-Command -Name ParameterBinding, TypeConversion -FilePath $trace -Expression {
                    Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secure -BaseUri $emu.BaseUri -TokenUri $emu.TokenUri -PackageName com.example.tvapp -RequestsPerSecond 50 -PassThru -Verbose -Debug
                }
                Get-VitalsSession | Format-List * | Out-String
                Get-VitalsSession | ConvertTo-Json
                Add-EmulatorFault $emu @{ on = 'query'; nth = 1; kind = 'status'; status = 503 }
                Add-EmulatorFault $emu @{ on = 'query'; nth = 2; kind = 'expireToken' }
                Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -PageSize 20 -Verbose
                Invoke-VitalsQuery -MetricSet crashMetricSet -Metric bogus -Verbose -ErrorAction Continue
                Get-VitalsFreshness -PackageName com.example.nosuch -Verbose -ErrorAction Continue
                $env:AMAZON_VITALS_CLIENT_ID = $emu.ClientId
                $env:AMAZON_VITALS_CLIENT_SECRET = "wrong-$sentinel"
                try { Connect-Vitals -BaseUri $emu.BaseUri -TokenUri $emu.TokenUri -Verbose } catch { $_ }
                Remove-Item env:AMAZON_VITALS_CLIENT_ID, env:AMAZON_VITALS_CLIENT_SECRET
            } *>&1 | Out-String -Width 4096
            $everything | Out-Host   # so the transcript records all of it, as a runbook's job log would
        }
        finally {
            Stop-Transcript | Out-Null
            $DebugPreference = 'SilentlyContinue'
            $VerbosePreference = 'SilentlyContinue'
        }
        $errors = $Error | ForEach-Object {
            $_ | Out-String -Width 4096
            $_.Exception.ToString()
            if ($_.Exception.InnerException) { $_.Exception.InnerException.ToString() }
            $_.ErrorDetails
            $_.TargetObject | Out-String
        }
        $haystacks = @{
            streams    = $everything
            transcript = Get-Content $transcript -Raw
            trace      = Get-Content $trace -Raw
            errors     = $errors -join "`n"
        }
        # The run really exercised what it claims to: verbose, debug bodies, retries and errors.
        $everything | Should -Match 'attempt=2'
        $everything | Should -Match '"timelineSpec"'
        $everything | Should -Match 'INVALID_ARGUMENT|bogus'
        $haystacks.errors | Should -Match 'refused the credentials'
        $haystacks.transcript | Should -Match 'attempt=2'
        $haystacks.trace | Should -Match 'BIND'
        foreach ($name in $haystacks.Keys) {
            $text = $haystacks[$name]
            $text | Should -Not -Match $sentinel -Because "the $name must not show the client secret"
            $text | Should -Not -Match 'Atc\|' -Because "the $name must not show a token"
            $text | Should -Not -Match 'Bearer' -Because "the $name must not show the Authorization header"
            $text | Should -Not -Match 'client_secret' -Because "the $name must not show the token request's body"
        }
    }
}
