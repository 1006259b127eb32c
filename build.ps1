#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages the AmazonVitals module.
.DESCRIPTION
    One task per job:
      Build    assembles the importable module at out/AmazonVitals (and builds the emulator)
      Test     Build, then xunit and Pester (Pester imports out/AmazonVitals in a child pwsh);
               ends with one line "N passed, M failed"
      Demo     Build, start the local emulator, run the everyday job against it (CSV files and the
               release health report out/demo/health.html), stop it
      Package  Build, then out/AmazonVitals.<version>.nupkg for Install-PSResource
      Bench    Build, then tests/bench/Bench.ps1 against the local emulator (rate limit on, and off for row GU);
               writes out/bench/results.md and results.json; ends within 10 minutes
      Clean    removes out/ and every bin/ and obj/
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'AmazonVitals'
$PesterVersion = '5.7.1'

function Invoke-Native {
    # Runs a native command line and stops the build when it fails.
    param([Parameter(Mandatory)][scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "'$Command' failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    $publish = Join-Path $Out 'obj'
    Remove-Item $publish, $ModuleOut -Recurse -Force -ErrorAction Ignore
    $client = Join-Path $Root 'src/AmazonVitals.Client/AmazonVitals.Client.csproj'
    Invoke-Native { dotnet publish (Join-Path $Root 'src/AmazonVitals/AmazonVitals.csproj') -c $Configuration -o "$publish/module" --nologo -v quiet }
    Invoke-Native { dotnet publish $client -c $Configuration -f net8.0 -o "$publish/core" --nologo -v quiet }
    Invoke-Native { dotnet publish $client -c $Configuration -f netstandard2.0 -o "$publish/desktop" --nologo -v quiet }
    Invoke-Native { dotnet build (Join-Path $Root 'tests/AmazonVitals.Emulator/AmazonVitals.Emulator.csproj') -c Release --nologo -v quiet }

    # One cmdlet assembly (netstandard2.0) at the module root for both editions. The client and its
    # dependencies go to Dependencies/Core (net8.0, PowerShell 7) and Dependencies/Desktop
    # (netstandard2.0, Windows PowerShell 5.1), which only the module's own loader reads (ModuleInit.cs).
    New-Item -ItemType Directory -Force $ModuleOut | Out-Null
    Copy-Item (Join-Path $publish 'module/AmazonVitals.dll') $ModuleOut
    foreach ($edition in 'Core', 'Desktop') {
        $target = New-Item -ItemType Directory -Force (Join-Path $ModuleOut "Dependencies/$edition")
        Get-ChildItem (Join-Path $publish $edition.ToLowerInvariant()) -Filter *.dll |
            Where-Object Name -NE 'System.Management.Automation.dll' |
            Copy-Item -Destination $target
    }
    Copy-Item (Join-Path $Root 'AmazonVitals.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'module-manifest/*') $ModuleOut -Recurse
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut -ErrorAction Ignore
    # MAML help from the Markdown next to the code; fails the build when any cmdlet's help is incomplete.
    & (Join-Path $Root 'src/help/Build-Help.ps1') -SourceFolder (Join-Path $Root 'src/help') -ModuleFolder $ModuleOut
    # PowerShell's own assembly and the help's Markdown parser (a build-time tool) must never ship.
    foreach ($banned in 'System.Management.Automation.dll', 'Markdig.dll') {
        if (Get-ChildItem $ModuleOut -Recurse -Filter $banned) { throw "$banned must never ship with the module." }
    }
    Write-Host "Built $ModuleOut"
}

function Get-Pester {
    # There is no PowerShell Gallery here: Pester comes from NuGet through a download-only restore.
    Invoke-Native { dotnet restore (Join-Path $Root 'tests/tools/TestDependencies.csproj') --nologo -v quiet }
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $PesterVersion was not restored to $manifest." }
    $manifest
}

function Invoke-XunitTests {
    # The client's and emulator's tests, then the cmdlet assembly's own (read-ahead, row classes, row
    # views): one count for both.
    $results = Join-Path $Out 'test-results'
    $total = [pscustomobject]@{ Passed = 0; Failed = 0 }
    foreach ($project in 'AmazonVitals.Tests', 'AmazonVitals.Module.Tests') {
        $trxName = "xunit-$project.trx"
        $trx = Join-Path $results $trxName
        Remove-Item $trx -ErrorAction Ignore
        & dotnet test (Join-Path $Root "tests/$project/$project.csproj") -c $Configuration --nologo `
            --logger "trx;LogFileName=$trxName" --logger 'console;verbosity=normal' --results-directory $results | Out-Host
        if (-not (Test-Path $trx)) { $total.Failed++; continue }
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $total.Passed += [int]$counters.passed
        $total.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
    }
    $total
}

function Invoke-PesterTests {
    param([Parameter(Mandatory)][string] $PesterManifest)
    $summary = Join-Path $Out 'test-results/pester.json'
    New-Item -ItemType Directory -Force (Split-Path $summary) | Out-Null
    Remove-Item $summary -ErrorAction Ignore
    # A child pwsh, so the tests import the built module (out/AmazonVitals) into a clean process.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$PesterManifest'
`$env:AMAZONVITALS_MODULE = '$ModuleOut'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $Root 'tests/pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputPath = '$(Join-Path $Out 'test-results/pester.xml')'
`$result = Invoke-Pester -Configuration `$config
@{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount } |
    ConvertTo-Json | Set-Content '$summary'
"@
    & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $script | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    Get-Content $summary -Raw | ConvertFrom-Json
}

function Invoke-Test {
    Invoke-Package
    $pester = Get-Pester
    # Tests run in a time zone far from UTC, so any date silently shifted by the machine's zone fails.
    $zone = $env:TZ
    $env:TZ = 'Asia/Tokyo'
    try {
        $xunit = Invoke-XunitTests
        $pesterResult = Invoke-PesterTests -PesterManifest $pester
    }
    finally {
        $env:TZ = $zone
    }
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pesterResult.Passed) passed, $($pesterResult.Failed) failed"
    $passed = $xunit.Passed + $pesterResult.Passed
    $failed = $xunit.Failed + $pesterResult.Failed
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $Root 'tests/pester/Emulator.psm1') -Force
    Import-Module $ModuleOut -Force
    $emulator = Start-VitalsEmulator
    try {
        Write-Host "Vitals emulator at $($emulator.Root)" -ForegroundColor Cyan
        Connect-VitalsEmulator -Emulator $emulator -With @{ PackageName = 'com.example.tvapp' }
        & (Join-Path $Root 'tests/demo/Demo.ps1') -OutputFolder (Join-Path $Out 'demo') -Emulator $emulator
    }
    finally {
        Disconnect-Vitals
        Stop-VitalsEmulator $emulator
    }
}

function Invoke-Package {
    Invoke-Build
    # PSResourceGet (bundled with PowerShell 7.4+) validates the manifest and writes the nupkg
    # that Install-PSResource takes from a local folder repository.
    Get-ChildItem $Out -Filter 'AmazonVitals.*.nupkg' | Remove-Item
    $package = Compress-PSResource -Path $ModuleOut -DestinationPath $Out -PassThru
    Write-Host "Packaged $($package.FullName)"
}

function Invoke-Bench {
    # The whole task must end within 10 minutes: the bench gets what the build leaves of 570 s.
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    Invoke-Build
    # The history store's rows (tests/bench/Bench-History.ps1) take about three minutes of it.
    $budget = [int](570 - 180 - $clock.Elapsed.TotalSeconds)
    $benchOut = Join-Path $Out 'bench'
    & (Join-Path $Root 'tests/bench/Bench.ps1') -ModulePath $ModuleOut -OutDir $benchOut -BudgetSeconds $budget
    & (Join-Path $Root 'tests/bench/Bench-History.ps1') -ModulePath $ModuleOut -OutDir $benchOut
    Add-Content -LiteralPath (Join-Path $benchOut 'results.md') -Value ("`n" + (Get-Content -LiteralPath (Join-Path $benchOut 'history.md') -Raw))
}

function Invoke-Clean {
    Remove-Item $Out -Recurse -Force -ErrorAction Ignore
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force -ErrorAction Ignore
}

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Package' { Invoke-Package }
        'Bench' { Invoke-Bench }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
