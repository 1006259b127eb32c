# The Azure Automation runbook (docs/runbooks/Export-VitalsDaily.ps1) and the packaged module:
# run unattended, credentials from the environment, no prompts and no progress noise.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    $script:emu = Start-VitalsEmulator
    $script:runbook = Join-Path $PSScriptRoot '../../docs/runbooks/Export-VitalsDaily.ps1'
    $script:pwsh = Join-Path $PSHOME 'pwsh.dll'
    $script:moduleParent = Split-Path (Get-TestModulePath)

    # Runs a block as a runbook host would: the emulator's credentials in the environment and the
    # built module on PSModulePath, both put back afterwards. Returns what the block writes.
    function Invoke-AsRunbookHost([scriptblock] $Block) {
        $env:AMAZON_VITALS_CLIENT_ID = $emu.ClientId
        $env:AMAZON_VITALS_CLIENT_SECRET = $emu.ClientSecret
        $modulePath = $env:PSModulePath
        $env:PSModulePath = $moduleParent + [IO.Path]::PathSeparator + $env:PSModulePath
        try {
            & $Block
        }
        finally {
            Remove-Item env:AMAZON_VITALS_CLIENT_ID, env:AMAZON_VITALS_CLIENT_SECRET
            $env:PSModulePath = $modulePath
        }
    }
}
AfterAll { Stop-VitalsEmulator $script:emu }

Describe 'The runbook' {
    It 'runs in pwsh -NonInteractive with credentials from the environment, writing only its file paths' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'console')
        $result = Invoke-AsRunbookHost {
            $output = & dotnet $pwsh -NoProfile -NonInteractive -File $runbook -PackageName com.example.tvapp -OutputFolder $folder -BaseUri $emu.BaseUri -TokenUri $emu.TokenUri 2>&1
            [pscustomobject]@{ Output = $output; Exit = $LASTEXITCODE }
        }
        $result.Exit | Should -Be 0
        $lines = @($result.Output | ForEach-Object { "$_" } | Where-Object { $_ -ne '' })
        $lines.Count | Should -Be 2
        $lines | ForEach-Object { $_ | Should -Match '\.csv$' }
        foreach ($file in Get-ChildItem $folder -Filter *.csv) {
            (Import-Csv $file).Count | Should -BeGreaterThan 100
        }
    }

    It 'runs in a hosted runspace, as Azure Automation hosts it, with nothing in the progress, warning or error streams' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'hosted')
        Invoke-AsRunbookHost {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand($runbook).AddParameters(@{ PackageName = 'com.example.tvapp'; OutputFolder = "$folder"; BaseUri = $emu.BaseUri; TokenUri = $emu.TokenUri })
                $out = $ps.Invoke()
                # (HadErrors is no guide: Get-Command -ErrorAction Ignore in the runbook sets it.)
                $ps.Streams.Progress.Count | Should -Be 0
                $ps.Streams.Warning.Count | Should -Be 0
                $ps.Streams.Error.Count | Should -Be 0
                $out.Count | Should -Be 2
            }
            finally {
                $ps.Dispose()
            }
        }
    }
}

Describe 'The release health runbook' {
    It 'writes the report of several apps and only its path; with -FailOnUnhealthy the job fails after the report is out' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'health')
        $healthRunbook = Join-Path $PSScriptRoot '../../docs/runbooks/Publish-ReleaseHealth.ps1'
        $healthy, $failing = Invoke-AsRunbookHost {
            $output = & dotnet $pwsh -NoProfile -NonInteractive -File $healthRunbook -PackageName com.example.tvapp -OutputFolder $folder -BaseUri $emu.BaseUri -TokenUri $emu.TokenUri 2>&1
            [pscustomobject]@{ Output = $output; Exit = $LASTEXITCODE }
            # -File passes every argument as one string: a list of packages needs -Command.
            $output = & dotnet $pwsh -NoProfile -NonInteractive -Command "& '$healthRunbook' -PackageName com.example.tvapp, com.example.regressed -OutputFolder '$folder' -FailOnUnhealthy -BaseUri '$($emu.BaseUri)' -TokenUri '$($emu.TokenUri)'" 2>&1
            [pscustomobject]@{ Output = $output; Exit = $LASTEXITCODE }
        }
        $healthy.Exit | Should -Be 0
        $lines = @($healthy.Output | ForEach-Object { "$_" } | Where-Object { $_ -ne '' })
        $lines.Count | Should -Be 1
        $lines[0] | Should -Match 'release-health-\d{4}-\d\d-\d\d\.html$'
        $failing.Exit | Should -Not -Be 0
        ($failing.Output | Out-String) | Should -Match 'Not healthy: com.example.regressed \(Crash: crashRate of version 151'
        $html = Get-Content $lines[0] -Raw
        ([regex]::Matches($html, '<section class="package"')).Count | Should -Be 2
    }
}

Describe 'Progress' {
    It 'writes no progress records to a hosted runspace, even for a many-page query' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript(@"
Import-Module '$(Get-TestModulePath)'
Connect-Vitals -ClientId '$($emu.ClientId)' -ClientSecret (ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force) -BaseUri '$($emu.BaseUri)' -TokenUri '$($emu.TokenUri)' -PackageName com.example.tvapp -RequestsPerSecond 3
Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate -PageSize 20 | Measure-Object | ForEach-Object Count
Disconnect-Vitals
"@)
            $count = $ps.Invoke()
            $count | Should -Be 70
            $ps.Streams.Progress.Count | Should -Be 0
        }
        finally { $ps.Dispose() }
    }
}

Describe 'The package' {
    It 'installs with PSResourceGet from a local folder repository, imports, and queries' {
        $nupkg = Get-ChildItem $moduleParent -Filter 'AmazonVitals.*.nupkg' | Select-Object -First 1
        $nupkg | Should -Not -BeNullOrEmpty -Because 'build.ps1 -Task Test packages the module before Pester runs'
        $repo = New-Item -ItemType Directory (Join-Path $TestDrive 'repo')
        Copy-Item $nupkg.FullName $repo
        $home_ = New-Item -ItemType Directory (Join-Path $TestDrive 'home')
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name AmazonVitalsLocal -Uri '$repo' -Trusted
Install-PSResource -Name AmazonVitals -Repository AmazonVitalsLocal -Scope CurrentUser -TrustRepository -Quiet
Import-Module AmazonVitals
'FROM ' + (Get-Module AmazonVitals).ModuleBase
Connect-Vitals -ClientId '$($emu.ClientId)' -ClientSecret (ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force) -BaseUri '$($emu.BaseUri)' -TokenUri '$($emu.TokenUri)' -PackageName com.example.tvapp
'ROWS ' + @(Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate).Count
"@
        $file = Join-Path $TestDrive 'install.ps1'
        Set-Content $file $script
        # A private HOME keeps the repository registration and the install away from the real user's.
        $realHome = $env:HOME
        $env:HOME = $home_
        try { $output = & dotnet $pwsh -NoProfile -NonInteractive -File $file 2>&1 | Out-String }
        finally { $env:HOME = $realHome }
        $output | Should -Match ('FROM ' + [regex]::Escape($home_.FullName))
        $output | Should -Match 'ROWS 7'
    }
}
