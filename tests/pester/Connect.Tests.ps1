# Connect-Vitals, Disconnect-Vitals, Get-VitalsSession and Get-VitalsFreshness, through the built module.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    $script:at = @{ BaseUri = $emu.BaseUri; TokenUri = $emu.TokenUri; RequestsPerSecond = 50 }
    function Get-ErrorOf([scriptblock] $Block) {
        try { & $Block; $null } catch { $_ }
    }
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'Connect-Vitals against the emulator, in one paste' {
    AfterEach { Disconnect-Vitals }

    It 'takes the token URI from a loopback http -BaseUri when -TokenUri is not given, and says so' {
        Reset-Emulator $emu
        $lines = @(Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -Verbose 4>&1 | ForEach-Object Message)
        $lines | Should -Contain "-BaseUri is a local http address and -TokenUri was not given: fetching tokens from $($emu.TokenUri), the emulator's token route."
        @(Get-EmulatorLog $emu | Where-Object route -EQ 'token').Count | Should -Be 1
    }

    It 'names the likely fix when the API answers 404 to a -BaseUri without /api/appstore' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.Root -PackageName com.example.tvapp
        $err = Get-ErrorOf { Get-VitalsFreshness -MetricSet crashMetricSet -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NOT_FOUND*'
        $err.Exception.Message | Should -BeLike "*No such route*-BaseUri '$($emu.Root)/' does not end with /api/appstore, and it usually does, e.g. $($emu.Root)/api/appstore*"
    }

    It 'adds no hint to a 404 when -BaseUri ends with /api/appstore' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.nodata
        $err = Get-ErrorOf { Get-VitalsFreshness -MetricSet crashMetricSet -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NOT_FOUND*'
        $err.Exception.Message | Should -Not -BeLike '*usually does*'
    }
}

Describe 'The session view' {
    AfterEach { Disconnect-Vitals }

    It 'shows ConnectedAt and TokenExpiresAt as UTC, with a Z' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at
        $shown = Get-VitalsSession | Out-String
        $session = Get-VitalsSession
        $shown | Should -Match ('ConnectedAt\s*:\s*' + [regex]::Escape($session.ConnectedAt.ToString('yyyy-MM-dd HH:mm:ss')) + 'Z')
        $shown | Should -Match 'TokenExpiresAt\s*:\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ'
    }
}

Describe 'Connect-Vitals' {
    AfterEach { Disconnect-Vitals }

    It 'connects with -ClientId and -ClientSecret and fetches a token at once' {
        Reset-Emulator $emu
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at
        @(Get-EmulatorLog $emu | Where-Object route -EQ 'token').Count | Should -Be 1
        (Get-VitalsSession).ClientId | Should -Be $emu.ClientId
    }

    It 'connects with -Credential (user name = client id)' {
        $credential = [pscredential]::new($emu.ClientId, $secret)
        Connect-Vitals -Credential $credential @at -PackageName com.example.tvapp
        (Get-VitalsSession).PackageName | Should -Be 'com.example.tvapp'
    }

    It 'reads AMAZON_VITALS_CLIENT_ID and AMAZON_VITALS_CLIENT_SECRET when no credentials are passed' {
        $env:AMAZON_VITALS_CLIENT_ID = $emu.ClientId
        $env:AMAZON_VITALS_CLIENT_SECRET = $emu.ClientSecret
        try { Connect-Vitals @at } finally { Remove-Item env:AMAZON_VITALS_CLIENT_ID, env:AMAZON_VITALS_CLIENT_SECRET }
        Get-VitalsSession | Should -Not -BeNullOrEmpty
    }

    It 'fails clearly when there are no credentials anywhere' {
        Remove-Item env:AMAZON_VITALS_CLIENT_ID, env:AMAZON_VITALS_CLIENT_SECRET -ErrorAction Ignore
        $err = Get-ErrorOf { Connect-Vitals @at }
        $err.FullyQualifiedErrorId | Should -BeLike 'NoCredentials,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'AMAZON_VITALS_CLIENT_ID'
    }

    It 'rejects an empty client id before any request' {
        Reset-Emulator $emu
        $err = Get-ErrorOf { Connect-Vitals -ClientId '' -ClientSecret $secret @at }
        $err.FullyQualifiedErrorId | Should -BeLike 'EmptyClientId,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-EmulatorLog $emu).Count | Should -Be 0
    }

    It 'rejects a malformed URI and names it' {
        $err = Get-ErrorOf { Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret -BaseUri 'not a uri' -TokenUri $emu.TokenUri }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
        $err.Exception.Message | Should -Match "'not a uri'"
    }

    It 'refuses plain http to a host that is not loopback' {
        $err = Get-ErrorOf { Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret -BaseUri 'http://vitals.example.com/api' -TokenUri $emu.TokenUri }
        $err.FullyQualifiedErrorId | Should -BeLike 'InsecureUri,*'
        $err.Exception.Message | Should -Match 'https'
    }

    It 'turns a 401 from the token endpoint into an AuthenticationError that does not show the secret' {
        $wrong = ConvertTo-SecureString 'wrong-secret-SENTINEL-7f3a' -AsPlainText -Force
        $err = Get-ErrorOf { Connect-Vitals -ClientId $emu.ClientId -ClientSecret $wrong @at }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidCredentials,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match '401'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match 'SENTINEL-7f3a'
        Get-VitalsSession | Should -BeNullOrEmpty
    }

    It 'reports an unreachable host as a connection error, not a stack trace' {
        $err = Get-ErrorOf { Connect-Vitals -ClientId x -ClientSecret $secret -BaseUri 'http://127.0.0.1:9/api' -TokenUri 'http://127.0.0.1:9/token' -MaxRetryCount 0 }
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -Match 'Could not reach http://127.0.0.1:9'
        $err.Exception.Message | Should -Not -Match '\bat \w+\.'
    }

    It '-PassThru returns a session that shows neither secret nor token' {
        $session = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PassThru
        $session.GetType().Name | Should -Be 'VitalsSession'
        $session.TokenExpiresAt | Should -BeGreaterThan ([datetime]::UtcNow)
        $shown = ($session | Format-List * | Out-String) + ($session | ConvertTo-Json -Depth 5) + $session.ToString()
        $shown | Should -Not -Match ([regex]::Escape($emu.ClientSecret))
        $shown | Should -Not -Match 'Atza|access_token|Bearer'
        $session.PSObject.Properties.Name | Should -Not -Contain 'ClientSecret'
        $session.PSObject.Properties.Name | Should -Not -Contain 'Token'
    }

    It 'keeps several sessions usable through -Session; -PassThru leaves the default alone, a plain connect replaces it' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tvapp
        $tablet = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tablet -PassThru
        (Get-VitalsSession).PackageName | Should -Be 'com.example.tvapp'
        $tablet.IsDefault | Should -BeFalse
        (Get-VitalsFreshness -Session $tablet -MetricSet crashMetricSet).PackageName | Should -Be 'com.example.tablet'
        (Get-VitalsFreshness -MetricSet crashMetricSet).PackageName | Should -Be 'com.example.tvapp'
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.regressed
        (Get-VitalsSession).PackageName | Should -Be 'com.example.regressed'
        (Get-VitalsFreshness -Session $tablet -MetricSet crashMetricSet).PackageName | Should -Be 'com.example.tablet'
    }

    It 'a session piped in is used, with its own package; a closed one is refused, never swapped for the default' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tvapp
        $tablet = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tablet -PassThru
        ($tablet | Get-VitalsFreshness -MetricSet crashMetricSet).PackageName | Should -Be 'com.example.tablet'
        ($tablet | Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -First 1).PackageName | Should -Be 'com.example.tablet'
        $tablet | Disconnect-Vitals
        $tablet.IsConnected | Should -BeFalse
        (Get-VitalsSession).IsConnected | Should -BeTrue
        Reset-Emulator $emu
        $err = Get-ErrorOf { $tablet | Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate -First 1 }
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        $err.Exception.Message | Should -Match 'passed with -Session.*was disconnected'
        @(Get-EmulatorLog $emu | Where-Object route -EQ 'query').Count | Should -Be 0
    }

    It 'a piped session without a package says there is no package, not that its text is a bad name' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tvapp
        $bare = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PassThru
        Reset-Emulator $emu
        $err = Get-ErrorOf { $bare | Get-VitalsFreshness -MetricSet crashMetricSet }
        $err.FullyQualifiedErrorId | Should -BeLike 'NoPackageName,*'
        @(Get-EmulatorLog $emu | Where-Object route -NE 'token').Count | Should -Be 0
    }

    It 'an empty piped name with a package-less -Session is still EmptyPackageName for that input alone' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tvapp
        $bare = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PassThru
        $sets = [pscustomobject]@{ PackageName = '' }, 'com.example.tablet' |
            Get-VitalsFreshness -Session $bare -MetricSet crashMetricSet -ErrorVariable errs -ErrorAction SilentlyContinue
        @($sets).PackageName | Should -Be 'com.example.tablet'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EmptyPackageName,*'
    }

    It 'Disconnect-Vitals -Session $null disconnects nothing, and a second disconnect says it was already done' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tvapp
        $err = Get-ErrorOf { Disconnect-Vitals -Session $null }
        $err.FullyQualifiedErrorId | Should -BeLike 'SessionIsNull,*'
        $null | Disconnect-Vitals -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SessionIsNull,*'
        (Get-VitalsSession).IsConnected | Should -BeTrue
        $other = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PassThru
        $other | Disconnect-Vitals
        $lines = @($other | Disconnect-Vitals -Verbose 4>&1 | ForEach-Object Message)
        $lines[0] | Should -Match 'was already disconnected'
        (Get-VitalsSession).IsConnected | Should -BeTrue
    }

    It '-Session $null is refused rather than quietly replaced by the default session' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tvapp
        $err = Get-ErrorOf { Get-VitalsFreshness -MetricSet crashMetricSet -Session $null }
        $err.FullyQualifiedErrorId | Should -BeLike 'SessionIsNull,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        # A $null piped in is an empty package name for that input, as before.
        $null | Get-VitalsFreshness -MetricSet crashMetricSet -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EmptyPackageName,*'
    }

    It 'a -PassThru connect becomes the default when there is none' {
        Disconnect-Vitals
        $session = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PassThru
        $session.IsDefault | Should -BeTrue
    }

    It 'shares the session with ForEach-Object -Parallel runspaces' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at
        $module = Get-TestModulePath
        $sets = 'crashMetricSet', 'anrMetricSet' | ForEach-Object -Parallel {
            Import-Module $using:module
            (Get-VitalsFreshness -PackageName com.example.tvapp -MetricSet $_).MetricSet
        } -ThrottleLimit 2
        $sets | Sort-Object | Should -Be @('anrMetricSet', 'crashMetricSet')
    }
}

Describe 'Disconnect-Vitals and Get-VitalsSession' {
    It 'Get-VitalsSession writes nothing when not connected' {
        Disconnect-Vitals
        Get-VitalsSession | Should -BeNullOrEmpty
    }

    It 'clears the session, after which data cmdlets say to run Connect-Vitals' {
        Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at
        Disconnect-Vitals
        $err = Get-ErrorOf { Get-VitalsFreshness -PackageName com.example.tvapp }
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        $err.Exception.Message | Should -Match 'Connect-Vitals'
    }

    It 'a disconnected -PassThru session can no longer be used' {
        $session = Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PassThru
        Disconnect-Vitals -Session $session
        $err = Get-ErrorOf { Get-VitalsFreshness -PackageName com.example.tvapp -Session $session }
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
    }
}

Describe 'Get-VitalsFreshness' {
    BeforeAll { Connect-Vitals -ClientId $emu.ClientId -ClientSecret $secret @at -PackageName com.example.tvapp }

    It 'writes one object per rate set by default, with UTC dates and the set''s metrics and dimensions' {
        $fresh = @(Get-VitalsFreshness)
        $fresh.MetricSet | Should -Be @('crashMetricSet', 'anrMetricSet', 'lmkMetricSet')
        $fresh[0].PSObject.TypeNames[0] | Should -Be 'AmazonVitals.Freshness'
        $fresh[0].Metrics | Should -Contain 'crashRate'
        $fresh[0].Metrics.GetType() | Should -Be ([string[]])
        $fresh[0].Dimensions | Should -Contain 'versionCode'
        $fresh[0].LatestDaily.Kind | Should -Be 'Utc'
        $fresh[0].LatestDaily | Should -BeLessThan ([datetime]::UtcNow.Date)
        $fresh[0].LatestHourly.Kind | Should -Be 'Utc'
        $fresh[0].LatestHourly.Minute | Should -Be 0
    }

    It 'works for any set the server knows, including ones the module does not' {
        $fresh = @(Get-VitalsFreshness -MetricSet issuesMetricSet, renderingMetricSet)
        $fresh.MetricSet | Should -Be @('issuesMetricSet', 'renderingMetricSet')
        $fresh[0].LatestHourly | Should -BeNullOrEmpty
        $fresh[1].Metrics | Should -Contain 'slowFrameRate'
    }

    It 'takes packages from the pipeline; an unknown one is a non-terminating ObjectNotFound' {
        $out = 'com.example.tvapp', 'com.example.unknown', 'com.example.tablet' |
            Get-VitalsFreshness -MetricSet crashMetricSet -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.PackageName | Should -Be @('com.example.tvapp', 'com.example.tablet')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NOT_FOUND,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].Exception.RequestId | Should -Not -BeNullOrEmpty
        $errs[0].Exception.Message | Should -Match 'requestId'
    }

    It 'makes -ErrorAction Stop terminating' {
        { Get-VitalsFreshness -PackageName com.example.nodata -ErrorAction Stop } | Should -Throw -ErrorId 'NOT_FOUND,*'
    }
}
