#requires -Version 7.4
<#
.SYNOPSIS
    The history store's benchmark, side by side with its peers in one run (build.ps1 -Task Bench
    runs it after Bench.ps1 and appends its table to out/bench/results.md).
.DESCRIPTION
    Rows (5 dimensions, 3 metrics: 40,000 rows a date; the API keeps 30 dates = 1,200,000 rows):
      H1  Export-VitalsData -Format Csv of the 30 dates          rate limit 3/s (the peer of H2)
      H2  Sync-VitalsHistory into an empty folder                rate limit 3/s
      H3  the next day's Sync-VitalsHistory on H2's folder       rate limit 3/s (1 new date + 3 refreshed)
      H4  Get-VitalsHistory | Out-Null of H2's 30 dates        no network (1,200,000 rows)
      H5  Invoke-VitalsQuery | Out-Null of the same rows          no rate limit (the peer of H4)
    Each measured run is a fresh process that reports its own time (from before Import-Module) and
    peak working set; requests are counted in the emulator's log. Medians of -Runs runs.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $OutDir,
    [int] $Runs = 3,
    [string] $Now = '2026-04-26T16:30:00Z',
    [int] $ChildTimeoutSec = 300
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# The children start elsewhere: a relative path would not find the module.
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $PSScriptRoot '../pester/Emulator.psm1') -Force
$null = New-Item -ItemType Directory -Force $OutDir
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('av-history-bench-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $work
$pwsh = Join-Path $PSHOME 'pwsh.dll'
$child = Join-Path $PSScriptRoot 'Run-History.ps1'
$at = [datetimeoffset]::Parse($Now, [cultureinfo]::InvariantCulture)
$latest = $at.UtcDateTime.Date.AddDays(-1)
$start = $latest.AddDays(-29).ToString('yyyy-MM-dd')
$end = $latest.AddDays(1).ToString('yyyy-MM-dd')

function Invoke-Child {
    # One fresh process; returns its result line plus the API requests the emulator logged for it.
    param([string] $Mode, [string] $Path, $Emulator, [int] $RequestsPerSecond = 3)
    $seq = Get-EmulatorSeq $Emulator
    $arguments = @($pwsh, '-NoProfile', '-NonInteractive', '-File', $child, '-ModulePath', $ModulePath, '-BaseUri', $Emulator.BaseUri,
        '-ClientId', $Emulator.ClientId, '-ClientSecret', $Emulator.ClientSecret, '-Mode', $Mode, '-Path', $Path,
        '-StartDate', $start, '-EndDate', $end, '-RequestsPerSecond', $RequestsPerSecond)
    $out = & dotnet @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "History bench $Mode failed: $($out -join "`n")" }
    $result = ($out | Select-Object -Last 1) | ConvertFrom-Json
    $api = @(Get-EmulatorLog $Emulator | Where-Object { $_.seq -gt $seq -and $_.route -in 'query', 'freshness' })
    $result | Add-Member requests $api.Count
    $result
}

function Set-EmulatorNow($Emulator, [datetimeoffset] $When) {
    Invoke-EmulatorControl -Emulator $Emulator -Path config -Method POST -Body @{ now = $When.ToString('o') } | Out-Null
}

$limited = Start-VitalsEmulator -RateLimit 3 -Now $Now
$free = Start-VitalsEmulator -RateLimit 0 -Now $Now
$results = @{}
foreach ($k in 'H1', 'H2', 'H3', 'H4', 'H5') { $results[$k] = [System.Collections.Generic.List[object]]::new() }
try {
    # Warm: the emulator builds each page once and keeps it, so the measured runs compare clients.
    $null = Invoke-Child Export (Join-Path $work 'warm.csv') $limited
    $null = Invoke-Child Sync (Join-Path $work 'warm') $limited
    Set-EmulatorNow $limited $at.AddDays(1)
    $null = Invoke-Child Sync (Join-Path $work 'warm') $limited
    Set-EmulatorNow $limited $at
    $null = Invoke-Child Query (Join-Path $work 'none') $free 100
    for ($run = 1; $run -le $Runs; $run++) {
        $csv = Join-Path $work "export-$run.csv"
        $folder = Join-Path $work "history-$run"
        $results.H1.Add((Invoke-Child Export $csv $limited))
        Remove-Item $csv
        $results.H2.Add((Invoke-Child Sync $folder $limited))
        Set-EmulatorNow $limited $at.AddDays(1)
        try { $results.H3.Add((Invoke-Child Sync $folder $limited)) }
        finally { Set-EmulatorNow $limited $at }
        $results.H4.Add((Invoke-Child Read $folder $limited))
        $results.H5.Add((Invoke-Child Query (Join-Path $work 'none') $free 100))
        Remove-Item $folder -Recurse -Force
    }
}
finally {
    $limited, $free | Stop-VitalsEmulator
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

function Get-Median([double[]] $Values) { $s = @($Values | Sort-Object); if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
$what = @{
    H1 = 'Export-VitalsData -Format Csv, the 30 dates'
    H2 = 'Sync-VitalsHistory, first sync'
    H3 = 'Sync-VitalsHistory, the next day'
    H4 = 'Get-VitalsHistory | Out-Null'
    H5 = 'Invoke-VitalsQuery | Out-Null, no rate limit'
}
$m = @{}
foreach ($k in $results.Keys) {
    $m[$k] = [pscustomobject]@{
        Rows     = [long]($results[$k] | Select-Object -First 1).rows
        Requests = [int](Get-Median ($results[$k] | ForEach-Object requests))
        Wall     = Get-Median ($results[$k] | ForEach-Object workSeconds)
        PeakMB   = (Get-Median ($results[$k] | ForEach-Object peakWorkingSetBytes)) / 1MB
    }
}
$md = [System.Text.StringBuilder]::new()
$null = $md.AppendLine("### History store (tests/bench/Bench-History.ps1, $Runs runs each, medians; load $((Get-Content /proc/loadavg -Raw -ErrorAction Ignore) -replace '\s.*$', ''))")
$null = $md.AppendLine()
$null = $md.AppendLine('| Row | What | Rows | Requests | Wall (s) | Peak RSS (MB) |')
$null = $md.AppendLine('|---|---|---:|---:|---:|---:|')
foreach ($k in 'H1', 'H2', 'H3', 'H4', 'H5') {
    $null = $md.AppendLine(('| {0} | {1} | {2:N0} | {3} | {4:N2} | {5:N0} |' -f $k, ($what[$k] -replace '\|', '\|'), $m[$k].Rows, $m[$k].Requests, $m[$k].Wall, $m[$k].PeakMB))
}
$perDatePages = [math]::Ceiling(4 * $m.H2.Rows / 30 / 100000)
$null = $md.AppendLine()
$null = $md.AppendLine('| Target | Measured | Met |')
$null = $md.AppendLine('|---|---|---|')
$null = $md.AppendLine(('| H2 requests <= H1 requests + 1 (the sync asks freshness for the latest date) | {0} vs {1} | {2} |' -f $m.H2.Requests, $m.H1.Requests, ($m.H2.Requests -le $m.H1.Requests + 1)))
$null = $md.AppendLine(('| H2 time <= 1.2 x H1 | {0:N2} x | {1} |' -f ($m.H2.Wall / $m.H1.Wall), ($m.H2.Wall -le 1.2 * $m.H1.Wall)))
$null = $md.AppendLine(('| H3 requests <= pages of RefreshDays + 1 = 4 dates ({0}) + freshness (it fetched {3:N0} rows) | {1} | {2} |' -f $perDatePages, $m.H3.Requests, ($m.H3.Requests -le $perDatePages + 1), $m.H3.Rows))
$null = $md.AppendLine(('| H2 peak < 300 MB | {0:N0} MB | {1} |' -f $m.H2.PeakMB, ($m.H2.PeakMB -lt 300)))
$null = $md.AppendLine(('| H4 time <= H5 time (reading 1.2M stored rows vs. querying them unthrottled) | {0:N2} x | {1} |' -f ($m.H4.Wall / $m.H5.Wall), ($m.H4.Wall -le $m.H5.Wall)))
$text = $md.ToString()
Set-Content -LiteralPath (Join-Path $OutDir 'history.md') -Value $text
$results | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $OutDir 'history.json')
Write-Host $text
