# Assert-VitalsHealth, the release gate, through the built module against the emulator: it fails on
# what the release did (a Regressed measure, a rate above its threshold), warns on data it cannot
# vouch for (a stalled feed, a measure not served, a server it cannot reach), and -Advisory never fails.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50; MaxRetryCount = 0 }
    $script:pwsh = Join-Path $PSHOME 'pwsh.dll'

    # Runs a block in the caller's scope (so its -WarningVariable and -InformationVariable stay
    # readable there) and gives the ErrorRecord it ended with, or $null. Dot-source it: . Get-ErrorOf { }
    function Get-ErrorOf([scriptblock] $Block) {
        try { . $Block; $null } catch { $_ }
    }
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'Assert-VitalsHealth' {
    AfterEach { Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null }

    It 'passes a healthy package: no output, no error, one information line with each measure''s verdict' {
        $out = Assert-VitalsHealth com.example.tvapp -Top 0 -InformationVariable said -WarningVariable warned
        $out | Should -BeNullOrEmpty
        @($warned).Count | Should -Be 0
        @($said).Count | Should -Be 1
        "$($said[0].MessageData)" | Should -Match '^com\.example\.tvapp: passed the release gate\.\n  Crash Stable \([+-]\d+(\.\d)?% per device, [+-]\d+(\.\d)?% to [+-]\d+(\.\d)?%\)\n  ANR   \w+.*\n  LMK   \w+'
        $said[0].Tags | Should -Contain 'AmazonVitals.Gate'
    }

    It 'fails a regressed package with HealthGateFailed (InvalidResult), the reasons in the message and the Health object as the target' {
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.regressed -Top 0 -InformationAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'HealthGateFailed,AmazonVitals.Commands.AssertVitalsHealthCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $err.Exception.Message | Should -Match '^The release gate failed: com\.example\.regressed: Crash: crashRate of version 151 is \+\d+(\.\d)?% per device'
        $err.Exception.Message | Should -Match 'Pass -Advisory'
        @($err.TargetObject).PackageName | Should -Be 'com.example.regressed'
        @($err.TargetObject)[0].Crash.Verdict | Should -Be 'Regressed'
    }

    It 'judges every piped package before it fails, and fails only on the one that regressed' {
        $written = [System.Collections.Generic.List[object]]::new()
        $err = . Get-ErrorOf {
            'com.example.regressed', 'com.example.tvapp' | Assert-VitalsHealth -Top 0 -PassThru -InformationVariable said -InformationAction SilentlyContinue |
                ForEach-Object { $written.Add($_) }
        }
        $written.PackageName | Should -Be @('com.example.regressed', 'com.example.tvapp')
        $written[0] | Should -BeOfType ([AmazonVitals.Health])
        @($said.MessageData.Message) | Should -HaveCount 2
        $said[0].MessageData.Message | Should -Match '^com\.example\.regressed: FAILED the release gate\.\n  Crash Regressed'
        $said[1].MessageData.Message | Should -Match '^com\.example\.tvapp: passed'
        $err.FullyQualifiedErrorId | Should -BeLike 'HealthGateFailed,*'
        @($err.TargetObject).PackageName | Should -Be @('com.example.regressed')
    }

    It 'fails on a rate above its threshold, though no version regressed' {
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.tvapp -Top 0 -CrashRateThreshold 0.0001 -InformationAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'HealthGateFailed,*'
        $err.Exception.Message | Should -Match 'above -CrashRateThreshold 0\.01%'
        { Assert-VitalsHealth com.example.tvapp -Top 0 -CrashRateThreshold 0.5 -InformationAction SilentlyContinue } | Should -Not -Throw
    }

    It 'refuses a threshold that is not a fraction, saying it takes one, before any request' -ForEach @(
        @{ Parameter = 'CrashRateThreshold'; Value = 1.1 }, @{ Parameter = 'AnrRateThreshold'; Value = -0.5 }, @{ Parameter = 'LmkRateThreshold'; Value = 2 }) {
        $with = @{ $Parameter = $Value }
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.tvapp -Top 0 @with -InformationAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'RateThresholdNotAFraction,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "-$Parameter $Value is not a fraction from 0 to 1.*(0.011 is 1.1%)*"
        if ($Value -eq 1.1) { $err.Exception.Message | Should -BeLike '*for 1.1% pass -CrashRateThreshold 0.011.' }
    }

    It '-Advisory never fails: the failure is a warning and the line still says FAILED' {
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.regressed -Top 0 -Advisory -WarningVariable warned -WarningAction SilentlyContinue -InformationVariable said -InformationAction SilentlyContinue }
        $err | Should -BeNullOrEmpty
        "$($said[0].MessageData)" | Should -Match 'FAILED the release gate'
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -Match '^com\.example\.regressed would fail the release gate, but -Advisory never fails it: Crash: crashRate of version 151'
    }

    It 'warns, and does not fail, when the server cannot be reached' {
        # A session of its own, so no freshness answer is cached.
        $session = Connect-VitalsEmulator -Emulator $emu -With @{ PassThru = $true; RequestsPerSecond = 50; MaxRetryCount = 0 }
        Add-EmulatorFault $emu @{ on = 'freshness'; nth = 1; count = 99; kind = 'status'; status = 503 }
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.regressed -Session $session -Top 0 -WarningVariable warned -WarningAction SilentlyContinue -InformationVariable said -ErrorAction Stop }
        $err | Should -BeNullOrEmpty
        @($said).Count | Should -Be 0
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -Match '^com\.example\.regressed was not judged, and the gate does not fail on data it cannot reach: .*503'
    }

    It 'warns, and does not fail, on a measure the server did not serve' {
        $session = Connect-VitalsEmulator -Emulator $emu -With @{ PassThru = $true; RequestsPerSecond = 50; MaxRetryCount = 0 }
        $null = Get-VitalsFreshness -Session $session -PackageName com.example.tvapp -MetricSet anrMetricSet   # only the rate queries are left to fail
        Add-EmulatorFault $emu @{ on = 'query'; nth = 1; count = 1; kind = 'status'; status = 503 }
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.tvapp -Session $session -Top 0 -WarningVariable warned -WarningAction SilentlyContinue -InformationAction SilentlyContinue -ErrorAction Stop }
        $err | Should -BeNullOrEmpty
        @($warned | Where-Object { "$_" -match '^com\.example\.tvapp: \w+: not available, so it cannot be judged' }).Count | Should -Be 1
    }

    It 'warns, and does not fail, on a stalled feed' {
        # An emulator whose clock stopped 5 days ago: its newest Daily data is 6 days old.
        $stopped = Start-VitalsEmulator -RateLimit 0 -Now ([datetime]::UtcNow.AddDays(-5).ToString('o'))
        try {
            $session = Connect-VitalsEmulator -Emulator $stopped -With @{ PassThru = $true; RequestsPerSecond = 50 }
            $err = . Get-ErrorOf { Assert-VitalsHealth com.example.tvapp -Session $session -Top 0 -WarningVariable warned -WarningAction SilentlyContinue -InformationAction SilentlyContinue }
            $err | Should -BeNullOrEmpty
            @($warned).Count | Should -Be 1
            "$($warned[0])" | Should -Match 'com\.example\.tvapp: .* 6 days old'
        }
        finally {
            Stop-VitalsEmulator $stopped
        }
    }

    It 'still fails on a misconfigured gate: an unknown package is an error, and only -Advisory makes it a warning' {
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.nosuch -Top 0 -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NOT_FOUND,*'
        $err = . Get-ErrorOf { Assert-VitalsHealth com.example.nosuch -Top 0 -Advisory -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop }
        $err | Should -BeNullOrEmpty
        "$($warned[0])" | Should -Match '^com\.example\.nosuch was not judged'
    }

    It 'fails a pipeline step: pwsh exits non-zero on a regression and zero on a healthy app' -ForEach @(
        @{ Package = 'com.example.regressed'; Exit = 1 }
        @{ Package = 'com.example.tvapp'; Exit = 0 }
    ) {
        $step = @"
Import-Module '$(Get-TestModulePath)'
`$secret = ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force
Connect-Vitals -ClientId '$($emu.ClientId)' -ClientSecret `$secret -BaseUri '$($emu.BaseUri)' -TokenUri '$($emu.TokenUri)' -PackageName $Package
Assert-VitalsHealth -Top 0
"@
        $output = & dotnet $pwsh -NoProfile -NonInteractive -Command $step 2>&1 | Out-String
        $LASTEXITCODE | Should -Be $Exit -Because $output
        $output | Should -Match ([regex]::Escape($Package))
    }

    It 'shows a GitHub Actions and an Azure DevOps step in its help' {
        $examples = (Get-Help Assert-VitalsHealth -Examples | Out-String)
        $examples | Should -Match 'shell: pwsh'
        $examples | Should -Match 'PowerShell@2'
    }
}
