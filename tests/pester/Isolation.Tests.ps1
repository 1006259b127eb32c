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
        'POLLY {0} {1}' -f [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).GetType().Name, [Diagnostics.FileVersionInfo]::GetVersionInfo(`$_.Location).FileVersion
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
        $result.Output | Should -Match 'POLLY DefaultAssemblyLoadContext 8\.4\.2'
        $result.Output | Should -Match 'POLLY DependencyLoadContext 8\.9\.1'
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
        $result.Output | Should -Match 'POLLY DependencyLoadContext 8\.9\.1'
        $result.ExitCode | Should -Be 0
    }

    It 'keeps its dependencies out of the default load context' {
        $result = Invoke-FreshPwsh @"
$common
Import-Module '$(Get-TestModulePath)'
Connect-Emulator
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'AmazonVitals*' } | ForEach-Object {
    'ASM {0} {1}' -f `$_.GetName().Name, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).GetType().Name
}
"@
        $result.Output | Should -Match 'ASM AmazonVitals DefaultAssemblyLoadContext'
        $result.Output | Should -Match 'ASM AmazonVitals.Client DependencyLoadContext'
    }

    It 'ships one netstandard2.0 cmdlet assembly and a client per edition' {
        $module = Get-TestModulePath
        $result = Invoke-FreshPwsh @"
foreach (`$path in '$module/AmazonVitals.dll', '$module/Dependencies/Core/AmazonVitals.Client.dll', '$module/Dependencies/Desktop/AmazonVitals.Client.dll') {
    'TFM ' + [IO.Path]::GetRelativePath('$module', `$path) + ' ' + [Reflection.Assembly]::LoadFile(`$path).GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], `$false).FrameworkName
}
"@
        $result.Output | Should -Match 'TFM AmazonVitals.dll .NETStandard,Version=v2.0'
        $result.Output | Should -Match 'TFM Dependencies/Core/AmazonVitals.Client.dll .NETCoreApp,Version=v8.0'
        $result.Output | Should -Match 'TFM Dependencies/Desktop/AmazonVitals.Client.dll .NETStandard,Version=v2.0'
        (Import-PowerShellDataFile (Join-Path $module 'AmazonVitals.psd1')).CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'the Windows PowerShell build of the client runs a query end to end (on .NET, through its .NET Framework code paths)' {
        $output = & dotnet $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'scripts/Invoke-DesktopClient.ps1') $emu.BaseUri $emu.TokenUri (Get-TestModulePath) 2>&1 | Out-String
        $output | Should -Match '\.NETStandard,Version=v2\.0'
        $output | Should -Match 'ROWS 7'
        $output | Should -Match 'Microsoft.Bcl.TimeProvider'
    }
}
