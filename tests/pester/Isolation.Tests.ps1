# Dependency isolation: AmazonVitals keeps its own Polly in its own AssemblyLoadContext, so a
# session that loaded another Polly.Core, before or after it, still works. Each case runs in a
# fresh pwsh, as a user's session would.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:otherPolly = Join-Path $packages 'polly.core/8.4.2/lib/net8.0/Polly.Core.dll'
    $script:pwsh = Join-Path $PSHOME 'pwsh.dll'
    function Invoke-FreshPwsh([string] $Script) {
        $file = Join-Path $TestDrive ("case-{0}.ps1" -f [guid]::NewGuid().ToString('N'))
        Set-Content $file $Script
        $output = & dotnet $pwsh -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
    $script:common = @"
`$ErrorActionPreference = 'Stop'
function Connect-Emulator {
    Connect-Vitals -ClientId '$($emu.ClientId)' -ClientSecret (ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force) -BaseUri '$($emu.BaseUri)' -TokenUri '$($emu.TokenUri)' -PackageName com.example.tvapp -RequestsPerSecond 50
}
function Show-Polly {
    [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Polly.Core' } | ForEach-Object {
        'POLLY {0} {1}' -f [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name, [Diagnostics.FileVersionInfo]::GetVersionInfo(`$_.Location).FileVersion
    }
}
"@
}
AfterAll { Stop-VitalsEmulator $script:emu }

Describe 'Dependency isolation' {
    It 'the older Polly.Core for this test was restored' {
        Test-Path $otherPolly | Should -BeTrue
    }

    It 'works when another Polly.Core was loaded first' {
        $result = Invoke-FreshPwsh @"
$common
Add-Type -Path '$otherPolly'
Import-Module '$(Get-TestModulePath)'
Connect-Emulator
'ROWS ' + @(Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate).Count
Show-Polly
"@
        $result.Output | Should -Match 'ROWS 7'
        $result.Output | Should -Match 'POLLY Default 8\.4\.2'
        $result.Output | Should -Match 'POLLY AmazonVitals 8\.9\.1'
        $result.ExitCode | Should -Be 0
    }

    It 'works when another Polly.Core is loaded after it, and both keep working' {
        $result = Invoke-FreshPwsh @"
$common
Import-Module '$(Get-TestModulePath)'
Connect-Emulator
'BEFORE ' + @(Invoke-VitalsQuery -MetricSet crashMetricSet -Metric crashRate).Count
`$other = [Reflection.Assembly]::LoadFrom('$otherPolly')
'OTHER ' + (`$other.GetType('Polly.ResiliencePipeline')::Empty -ne `$null)
'AFTER ' + @(Invoke-VitalsQuery -MetricSet anrMetricSet -Metric anrRate).Count
Show-Polly
"@
        $result.Output | Should -Match 'BEFORE 7'
        $result.Output | Should -Match 'OTHER True'
        $result.Output | Should -Match 'AFTER 7'
        $result.Output | Should -Match 'POLLY AmazonVitals 8\.9\.1'
        $result.ExitCode | Should -Be 0
    }

    It 'keeps its dependencies out of the default load context' {
        $result = Invoke-FreshPwsh @"
$common
Import-Module '$(Get-TestModulePath)'
Connect-Emulator
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'AmazonVitals*' } | ForEach-Object {
    'ASM {0} {1}' -f `$_.GetName().Name, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name
}
"@
        $result.Output | Should -Match 'ASM AmazonVitals Default'
        $result.Output | Should -Match 'ASM AmazonVitals.Client AmazonVitals'
    }
}
