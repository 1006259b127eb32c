#requires -Version 7.4
<#
.SYNOPSIS
    The AmazonVitals benchmark: the module against a hand-written Invoke-RestMethod loop, the
    reference page's Python, and a no-network floor, all against the local emulator with its
    rate limit on (3 req/s).
.DESCRIPTION
    Builds nothing: it needs out/AmazonVitals and the emulator built (./build.ps1 -Task Build).
    Rows (rows = days x 40,000 with 5 dimensions; the module's rows ask for 100,000-row pages):
      A  Invoke-VitalsQuery | Export-Csv           BigDays (25 days = 1,000,000 rows)
      B  Invoke-VitalsQuery | Out-Null             BigDays: the module's own cost
      C  Invoke-RestMethod loop -> Export-Csv      SmallDays (5 days = 200,000 rows)
      D  [pscustomobject] floor -> Export-Csv      BigDays, no network (FP: PSObjects)
      E  Python requests (reference page) -> csv   BigDays (skipped without python3 + requests)
      F  A at SmallDays: memory and time at 200k (F(1M) is A itself)
      FT plain CLR objects -> Export-Csv           BigDays, no network (the CLR floor)
      G  Export-VitalsData -Format Csv             BigDays (or "not available")
      GU G with no rate limit anywhere             BigDays: the emulator's limit off and -RequestsPerSecond
                                                   100, so the export's own work shows (its CPU less S's)
      S  a bare pwsh start, nothing run            (for G's target)
    Every measured run is a fresh process that reports its own time and peak working set.
    Writes out/bench/results.md and out/bench/results.json.
.EXAMPLE
    dotnet pwsh ./tests/bench/Bench.ps1 -Quick
#>
[CmdletBinding()]
param(
    # Measured runs per row; C and E (slow competitors) use SlowRuns.
    [int] $Runs = 3,
    [int] $SlowRuns = 3,
    [int] $BigDays = 25,
    [int] $SmallDays = 5,
    # A smoke run: about 100k rows (3 days), 1 run of everything.
    [switch] $Quick,
    [string] $ModulePath,
    [string] $OutDir,
    # A fixed "now" so the data windows, and so the rows, are the same in every bench.
    [string] $Now = '2026-04-26T16:30:00Z',
    [int] $ChildTimeoutSec = 300,
    # The whole bench must end within 10 minutes with the build: extra runs of C and E are skipped
    # when they would push this script past BudgetSeconds (the report says how many ran).
    [int] $BudgetSeconds = 540
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$benchClock = [System.Diagnostics.Stopwatch]::StartNew()
# Other work on the machine skews wall times; the load average goes into the report with them.
function Get-LoadAverage { if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' } else { 'n/a' } }
$loadAtStart = Get-LoadAverage
$repo = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
if (-not $ModulePath) { $ModulePath = Join-Path $repo 'out/AmazonVitals' }
if (-not $OutDir) { $OutDir = Join-Path $repo 'out/bench' }
if ($Quick) { $Runs = 1; $SlowRuns = 1; $BigDays = 3; $SmallDays = 1 }
$rowsPerDay = 40000   # 10 x 20 x 20 x 2 x 5 dimension values (docs/emulator.md)
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$work = Join-Path $OutDir 'tmp'
Remove-Item $work -Recurse -Force -ErrorAction Ignore
New-Item -ItemType Directory -Force $work | Out-Null

#region snapshots
function Copy-Snapshot {
    # Others rebuild out/ and the emulator while we run: measure private copies, so every run sees
    # the same build and a rebuild midway cannot break (or silently change) the bench.
    param([string] $From, [string] $To, [string[]] $MustHave)
    foreach ($attempt in 1..10) {
        Remove-Item $To -Recurse -Force -ErrorAction Ignore
        try {
            if ((Test-Path $From) -and -not ($MustHave | Where-Object { -not (Test-Path (Join-Path $From $_)) })) {
                Copy-Item $From $To -Recurse -Force
                if (-not ($MustHave | Where-Object { -not (Test-Path (Join-Path $To $_)) })) { return }
            }
        }
        catch { Write-Verbose "Snapshot of $From failed: $_" }
        Write-Host "Waiting for $From (being rebuilt?) ..."
        Start-Sleep -Seconds 6
    }
    throw "No complete build at $From; run ./build.ps1 -Task Build first."
}
$moduleSnap = Join-Path $OutDir 'module/AmazonVitals'
New-Item -ItemType Directory -Force (Split-Path $moduleSnap) | Out-Null
Copy-Snapshot -From $ModulePath -To $moduleSnap -MustHave 'AmazonVitals.psd1', 'AmazonVitals.dll'
$emuSnap = Join-Path $OutDir 'emulator'
Copy-Snapshot -From (Join-Path $repo 'tests/AmazonVitals.Emulator/bin/Release/net10.0') -To $emuSnap -MustHave 'AmazonVitals.Emulator.dll'
#endregion

#region children
function Start-Child {
    # Starts one measured process; Wait-Child collects it. Split so that warm-ups can overlap.
    param([string] $FileName, [string[]] $Arguments)
    $info = [System.Diagnostics.ProcessStartInfo]::new($FileName)
    foreach ($a in $Arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.Environment['NO_COLOR'] = '1'   # plain error text if a child fails
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($info)
    @{ Name = $FileName; Process = $p; Clock = $clock; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
}

function Wait-Child {
    # The child's last stdout line is its JSON result; the parent adds the process wall time.
    param($Child)
    $p = $Child.Process
    if (-not $p.WaitForExit($ChildTimeoutSec * 1000)) {
        try { $p.Kill($true) } catch { }
        throw "$($Child.Name) timed out after $ChildTimeoutSec s."
    }
    $p.WaitForExit()
    $Child.Clock.Stop()
    $last = ($Child.Out.Result -split "`n" | Where-Object { $_.Trim() } | Select-Object -Last 1)
    if ($p.ExitCode -ne 0 -or -not $last -or -not $last.TrimStart().StartsWith('{')) {
        throw "$($Child.Name) exited with $($p.ExitCode): $(($Child.Err.Result + $Child.Out.Result).Trim())"
    }
    $r = $last | ConvertFrom-Json
    $r | Add-Member processWallSeconds ([math]::Round($Child.Clock.Elapsed.TotalSeconds, 3))
    $r
}

function Get-ModuleInfo {
    # Asks a fresh process what the snapshot module offers (G is optional).
    $script = "Import-Module '$moduleSnap'; [Console]::Out.WriteLine((@{ version = [string](Get-Module AmazonVitals).Version; export = [bool](Get-Command Export-VitalsData -Module AmazonVitals -ErrorAction Ignore) } | ConvertTo-Json -Compress))"
    $json = & dotnet $pwshDll -NoProfile -NonInteractive -Command $script | Select-Object -Last 1
    $json | ConvertFrom-Json
}

function Measure-CsvRows {
    # Data rows in a CSV (lines minus the header); none of our fields holds a newline.
    param([string] $Path)
    if (-not (Test-Path $Path)) { return -1L }
    [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($Path)) - 1L
}
#endregion

#region emulators
function Start-Emulator {
    # One emulator per query shape: each keeps its pages in its own 512 MiB cache (a 1M-row query
    # is ~410 MB of JSON), so no row evicts another's pages, and each has its own rate limit
    # (0: none, for GU).
    param([string] $Name, [int] $RateLimit = 3)
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @((Join-Path $emuSnap 'AmazonVitals.Emulator.dll'), '--port', '0', '--rate-limit', $RateLimit, '--now', $Now, '--parent-pid', $PID)) { $info.ArgumentList.Add([string]$a) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($info)
    $line = $p.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(60000) -or $line.Result -notmatch 'listening on (http://\S+)') {
        try { $p.Kill($true) } catch { }
        throw "Emulator '$Name' did not start."
    }
    $root = $Matches[1].TrimEnd('/')
    [pscustomobject]@{ Name = $Name; Process = $p; Root = $root; BaseUri = "$root/api/appstore"; TokenUri = "$root/auth/o2/token"; ClientId = 'emulator-client'; ClientSecret = 'emulator-secret' }
}

function Get-Sum([double[]] $Values) { $t = 0.0; foreach ($v in $Values) { $t += $v }; $t }

function Read-EmulatorLog {
    # What the server saw since the last call: pages, 429s, rows served, server time. Then clears.
    param($Emulator)
    $log = @(Invoke-RestMethod "$($Emulator.Root)/_emulator/log" | ForEach-Object { $_ })
    Invoke-RestMethod -Method Delete "$($Emulator.Root)/_emulator/log" | Out-Null
    $queries = @($log | Where-Object route -EQ 'query')
    $ok = @($queries | Where-Object status -EQ 200)
    [pscustomobject]@{
        requests      = $queries.Count
        pages         = $ok.Count
        status429     = @($queries | Where-Object status -EQ 429).Count
        rowsServed    = [long](Get-Sum ($ok | ForEach-Object resultCount))
        serverSeconds = [math]::Round((Get-Sum ($queries | ForEach-Object durationMs)) / 1000, 3)
        pageSize      = if ($ok) { $ok[0].body.pageSize } else { $null }
    }
}

function Initialize-PageCache {
    # Walks every page of one raw query once so the emulator caches it (for C and E, whose page
    # size is fixed); the module rows warm their emulator with one unmeasured run instead.
    param($Emulator, [hashtable] $Body)
    $http = [System.Net.Http.HttpClient]::new()
    try {
        $fields = [System.Collections.Generic.Dictionary[string, string]]::new()
        $fields['grant_type'] = 'client_credentials'; $fields['client_id'] = $Emulator.ClientId
        $fields['client_secret'] = $Emulator.ClientSecret; $fields['scope'] = 'adx_reporting::appstore:marketer'
        $form = [System.Net.Http.FormUrlEncodedContent]::new($fields)
        $token = ($http.PostAsync($Emulator.TokenUri, $form).Result.Content.ReadAsStringAsync().Result | ConvertFrom-Json).access_token
        $http.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
        $uri = "$($Emulator.BaseUri)/vitals/apps/com.example.tvapp/crashMetricSet:query"
        $body = $Body.Clone()
        while ($true) {
            $content = [System.Net.Http.StringContent]::new(($body | ConvertTo-Json -Depth 5), [System.Text.Encoding]::UTF8, 'application/json')
            $response = $http.PostAsync($uri, $content).Result
            if ([int]$response.StatusCode -eq 429) { Start-Sleep -Seconds 1; continue }
            # Only the end of a page matters here (nextPageToken is the last field).
            $bytes = $response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync().Result
            $from = [math]::Max(0, $bytes.Length - 400)
            $tail = [System.Text.Encoding]::UTF8.GetString($bytes, $from, $bytes.Length - $from)
            if ($tail -notmatch '"nextPageToken":"([^"]+)"') { break }
            $body.pageToken = $Matches[1]
            Start-Sleep -Milliseconds 400
        }
    }
    finally { $http.Dispose() }
}
#endregion

#region rows
$endDate = ([datetime]$Now).ToUniversalTime().Date                # exclusive: the latest DAILY date is the day before
$endText = $endDate.ToString('yyyy-MM-dd')
$bigStart = $endDate.AddDays(-$BigDays).ToString('yyyy-MM-dd')
$smallStart = $endDate.AddDays(-$SmallDays).ToString('yyyy-MM-dd')
$bigRows = [long]$BigDays * $rowsPerDay
$smallRows = [long]$SmallDays * $rowsPerDay

function Get-RawBody([string] $Start, [int] $PageSize) {
    $s = [datetime]$Start
    @{
        timelineSpec = @{ aggregationPeriod = 'DAILY'; startTime = @{ year = $s.Year; month = $s.Month; day = $s.Day }; endTime = @{ year = $endDate.Year; month = $endDate.Month; day = $endDate.Day } }
        metrics      = @('crashRate', 'crashCount', 'distinctDevices')
        dimensions   = @('versionCode', 'countryCode', 'deviceModel', 'deviceType', 'osVersion')
        pageSize     = $PageSize
    }
}

function Get-EmulatorArgs($Emulator) {
    @('-BaseUri', $Emulator.BaseUri, '-TokenUri', $Emulator.TokenUri, '-ClientId', $Emulator.ClientId, '-ClientSecret', $Emulator.ClientSecret)
}

$python = Get-Command python3 -CommandType Application -ErrorAction Ignore | Select-Object -First 1
$pythonNote = $null
if (-not $python) { $pythonNote = 'python3 not found' }
else {
    & $python.Source -c 'import requests' 2>$null
    if ($LASTEXITCODE -ne 0) { $pythonNote = 'python3 has no requests package'; $python = $null }
}
$moduleInfo = Get-ModuleInfo
# FT's class is compiled here, once, so the measured process only loads it.
$floorAssembly = Join-Path $work 'FloorRow.dll'
Add-Type -Path (Join-Path $PSScriptRoot 'FloorRow.cs') -OutputAssembly $floorAssembly -OutputType Library
$pageSize = '100000' 
Write-Host "AmazonVitals $($moduleInfo.version); Export-VitalsData: $(if ($moduleInfo.export) { 'yes' } else { 'not available' }); Python requests: $(if ($python) { 'yes' } else { $pythonNote })"

$emu = @{}
try {
    foreach ($name in 'A', 'F', 'C') { $emu[$name] = Start-Emulator $name }
    if ($moduleInfo.export) { $emu['G'] = Start-Emulator 'G'; $emu['GU'] = Start-Emulator 'GU' -RateLimit 0 }
    if ($python) { $emu['E'] = Start-Emulator 'E' }

    # Each row: how to start one run, which emulator it uses, and how many rows it must produce.
    $rows = [ordered]@{}
    $rows['D'] = @{ What = "Floor: [pscustomobject] loop | Export-Csv, no network"; Rows = $bigRows; Emulator = $null; Csv = $true
        Start = { param($csv) Start-Child dotnet @($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-Floor.ps1'), '-Path', $csv, '-StartDate', $bigStart, '-Days', $BigDays) } }
    $rows['A'] = @{ What = 'Invoke-VitalsQuery | Export-Csv'; Rows = $bigRows; Emulator = 'A'; Csv = $true
        Start = { param($csv) Start-Child dotnet (@($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-Module.ps1'), '-ModulePath', $moduleSnap, '-StartDate', $bigStart, '-EndDate', $endText, '-Sink', 'Csv', '-Path', $csv, '-PageSize', $pageSize) + (Get-EmulatorArgs $emu.A)) } }
    $rows['B'] = @{ What = 'Invoke-VitalsQuery | Out-Null'; Rows = $bigRows; Emulator = 'A'; Csv = $false
        Start = { param($csv) Start-Child dotnet (@($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-Module.ps1'), '-ModulePath', $moduleSnap, '-StartDate', $bigStart, '-EndDate', $endText, '-Sink', 'Null', '-PageSize', $pageSize) + (Get-EmulatorArgs $emu.A)) } }
    $rows['FT'] = @{ What = 'Floor: plain CLR objects | Export-Csv, no network'; Rows = $bigRows; Emulator = $null; Csv = $true
        Start = { param($csv) Start-Child dotnet @($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-FloorTyped.ps1'), '-Path', $csv, '-StartDate', $bigStart, '-Days', $BigDays, '-FloorAssembly', $floorAssembly) } }
    $rows['S'] = @{ What = 'A bare pwsh start'; Rows = 0; Emulator = $null; Csv = $false
        Start = { Start-Child dotnet @($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-Bare.ps1')) } }
    $rows['F'] = @{ What = "A at $SmallDays days"; Rows = $smallRows; Emulator = 'F'; Csv = $true
        Start = { param($csv) Start-Child dotnet (@($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-Module.ps1'), '-ModulePath', $moduleSnap, '-StartDate', $smallStart, '-EndDate', $endText, '-Sink', 'Csv', '-Path', $csv, '-PageSize', $pageSize) + (Get-EmulatorArgs $emu.F)) } }
    if ($moduleInfo.export) {
        $rows['G'] = @{ What = 'Export-VitalsData -Format Csv'; Rows = $bigRows; Emulator = 'G'; Csv = $true
            Start = { param($csv) Start-Child dotnet (@($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-Module.ps1'), '-ModulePath', $moduleSnap, '-StartDate', $bigStart, '-EndDate', $endText, '-Sink', 'Export', '-Path', $csv, '-PageSize', $pageSize) + (Get-EmulatorArgs $emu.G)) } }
        # The client's own limit is raised too: at 3 a second the gate, not the export, would set the pace.
        $rows['GU'] = @{ What = 'G with no rate limit (emulator off, -RequestsPerSecond 100)'; Rows = $bigRows; Emulator = 'GU'; Csv = $true
            Start = { param($csv) Start-Child dotnet (@($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-Module.ps1'), '-ModulePath', $moduleSnap, '-StartDate', $bigStart, '-EndDate', $endText, '-Sink', 'Export', '-Path', $csv, '-PageSize', $pageSize, '-RequestsPerSecond', '100') + (Get-EmulatorArgs $emu.GU)) } }
    }
    $rows['C'] = @{ What = 'Invoke-RestMethod loop (by hand) | Export-Csv'; Rows = $smallRows; Emulator = 'C'; Csv = $true; Slow = $true
        Start = { param($csv) Start-Child dotnet (@($pwshDll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Run-RestMethod.ps1'), '-StartDate', $smallStart, '-EndDate', $endText, '-Path', $csv, '-PageSize', '100000') + (Get-EmulatorArgs $emu.C)) } }
    if ($python) {
        $rows['E'] = @{ What = 'Python requests (reference page) + csv'; Rows = $bigRows; Emulator = 'E'; Csv = $true; Slow = $true
            Start = { param($csv) Start-Child $python.Source @((Join-Path $PSScriptRoot 'bench_requests.py'), $emu.E.BaseUri, $emu.E.TokenUri, $emu.E.ClientId, $emu.E.ClientSecret, $bigStart, $endText, $csv, '100000') } }
    }

    function Start-Row([string] $Key) {
        $row = $rows[$Key]
        $csv = Join-Path $work "$Key.csv"
        Remove-Item $csv -ErrorAction Ignore
        if ($row.Emulator) { Read-EmulatorLog $emu[$row.Emulator] | Out-Null }   # start from an empty log
        @{ Key = $Key; Csv = $csv; Child = (& $row.Start $csv) }
    }

    function Complete-Row($Started, [switch] $Warm) {
        $row = $rows[$Started.Key]
        $csv = $Started.Csv
        $r = Wait-Child $Started.Child
        if ($row.Emulator) {
            $server = Read-EmulatorLog $emu[$row.Emulator]
            foreach ($p in $server.PSObject.Properties) { $r | Add-Member $p.Name $p.Value }
        }
        $r | Add-Member rows $(if ($row.Csv) { Measure-CsvRows $csv } elseif ($row.Emulator) { $r.rowsServed } else { 0L })
        $r | Add-Member csvBytes $(if ($row.Csv -and (Test-Path $csv)) { (Get-Item $csv).Length } else { $null })
        Remove-Item $csv -ErrorAction Ignore
        if ($r.rows -ne $row.Rows) { throw "Row $($Started.Key) produced $($r.rows) rows, expected $($row.Rows)." }
        $label = if ($Warm) { 'warm-up' } else { 'run' }
        Write-Host ('  {0} {1,-8} wall {2,7:N2} s  work {3,7:N2} s  peak WS {4,6:N0} MB  pages {5}  429s {6}   [{7:N0} s]' -f $Started.Key, $label, $r.processWallSeconds, $r.workSeconds, ($r.peakWorkingSetBytes / 1MB), $(if ($r.PSObject.Properties['pages']) { $r.pages } else { '-' }), $(if ($r.PSObject.Properties['status429']) { $r.status429 } else { '-' }), $benchClock.Elapsed.TotalSeconds)
        $r
    }

    function Invoke-Row([string] $Key) {
        # Returns the result and records how long the whole run took, for the time budget.
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $r = Complete-Row (Start-Row $Key)
        $cost[$Key] = $clock.Elapsed.TotalSeconds
        $r
    }

    # Warm every emulator's page cache once, so the runs measure clients, not the server building
    # pages (a cold 1M-row query costs the server ~10-20 s). The module rows warm theirs with one
    # unmeasured run (whatever page size the module picks); C and E by walking their raw query.
    # One at a time: overlapping them on 2 cores was no faster.
    Write-Host "Warming the emulators' page caches"
    $cost = @{}
    $warm = [ordered]@{}
    foreach ($k in 'B', 'F', 'G', 'GU') { if ($rows.Contains($k)) { $warm[$k] = Complete-Row (Start-Row $k) -Warm } }
    Initialize-PageCache $emu.C (Get-RawBody $smallStart 100000)
    if ($python) { Initialize-PageCache $emu.E (Get-RawBody $bigStart 100000) }
    Write-Host ('  C, E raw pages cached   [{0:N0} s]' -f $benchClock.Elapsed.TotalSeconds)

    # Rounds interleave the rows, so slow drift (other work on the machine) hits all alike. The
    # fast rows always get $Runs runs; C and E (slow) get their runs after the fast rows of a
    # round, and after the first only while the time budget allows the rest of the bench.
    $results = [ordered]@{}
    $skipped = [ordered]@{}
    foreach ($k in $rows.Keys) { $results[$k] = [System.Collections.Generic.List[object]]::new() }
    $fastKeys = @($rows.Keys | Where-Object { -not $rows[$_].Contains('Slow') })
    $slowKeys = @($rows.Keys | Where-Object { $rows[$_].Contains('Slow') })
    $rounds = [math]::Max($Runs, $SlowRuns)
    foreach ($round in 1..$rounds) {
        Write-Host "Round $round"
        foreach ($k in $fastKeys) { if ($round -le $Runs) { $results[$k].Add((Invoke-Row $k)) } }
        foreach ($k in $slowKeys) {
            if ($round -gt $SlowRuns) { continue }
            if ($round -gt 1) {
                $fastLeft = [math]::Max(0, $Runs - $round) * (Get-Sum ($fastKeys | ForEach-Object { $cost[$_] }))
                $needed = $benchClock.Elapsed.TotalSeconds + $cost[$k] + $fastLeft + 10
                if ($needed -gt $BudgetSeconds) {
                    Write-Host ("  {0} run {1} skipped: it would end the bench at about {2:N0} s, over the {3} s budget" -f $k, $round, $needed, $BudgetSeconds)
                    $skipped[$k] = 1 + $(if ($skipped.Contains($k)) { $skipped[$k] } else { 0 })
                    continue
                }
            }
            $results[$k].Add((Invoke-Row $k))
        }
    }
}
finally {
    foreach ($e in $emu.Values) { try { $e.Process.Kill($true); $null = $e.Process.WaitForExit(5000) } catch { } }
    # Only the results stay: a leftover module copy under out/ could be mistaken for the build.
    Remove-Item $work, (Split-Path $moduleSnap), $emuSnap -Recurse -Force -ErrorAction Ignore
}
#endregion

#region report
function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return $null }
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}
$summary = [ordered]@{}
foreach ($k in $results.Keys) {
    $list = $results[$k]
    $wall = Get-Median ($list | ForEach-Object processWallSeconds)
    $workS = Get-Median ($list | ForEach-Object workSeconds)
    $pages = if ($rows[$k].Emulator) { Get-Median ($list | ForEach-Object pages) } else { $null }
    $summary[$k] = [ordered]@{
        what                    = $rows[$k].What
        rows                    = $rows[$k].Rows
        runs                    = $list.Count
        wallSecondsMedian       = [math]::Round($wall, 2)
        workSecondsMedian       = [math]::Round($workS, 2)
        rowsPerSecondWall       = [math]::Round($rows[$k].Rows / $wall)
        peakWorkingSetMBMedian  = [math]::Round((Get-Median ($list | ForEach-Object peakWorkingSetBytes)) / 1MB, 1)
        cpuSecondsMedian        = [math]::Round((Get-Median ($list | ForEach-Object cpuSeconds)), 2)
        pages                   = $pages
        pageSize                = if ($rows[$k].Emulator -and $list.Count) { $list[0].pageSize } else { $null }
        status429Total          = if ($rows[$k].Emulator) { [int](Get-Sum ($list | ForEach-Object status429)) } else { $null }
        serverSecondsMedian     = if ($rows[$k].Emulator) { [math]::Round((Get-Median ($list | ForEach-Object serverSeconds)), 2) } else { $null }
        rateLimitFloorSeconds   = if ($null -ne $pages) { [math]::Round($pages / 3, 2) } else { $null }
    }
}

function New-Ratio([string] $Name, $Value, [string] $Target, $Met, [string] $Basis) {
    [ordered]@{ name = $Name; value = if ($null -ne $Value) { [math]::Round($Value, 2) } else { $null }; target = $Target; met = $Met; basis = $Basis }
}
$ratios = [System.Collections.Generic.List[object]]::new()
$s = $summary
# The targets of issue 12, each from this one run; then figures for context, with no target.
if ($s.Contains('A') -and $s.Contains('FT')) {
    $v = $s.A.wallSecondsMedian / $s.FT.wallSecondsMedian
    $ratios.Add((New-Ratio 'A / FT (time, wall)' $v '<= 1.3' ($v -le 1.3) "1M rows, A in pages of $($s.A.pageSize); whole-process wall time"))
}
if ($s.Contains('A')) {
    $ratios.Add((New-Ratio "Peak RSS of A (MB)" $s.A.peakWorkingSetMBMedian '<= 300' ($s.A.peakWorkingSetMBMedian -le 300) "pages of $($s.A.pageSize); whole pwsh process"))
}
if ($s.Contains('A') -and $s.Contains('F')) {
    $v = $s.A.peakWorkingSetMBMedian / $s.F.peakWorkingSetMBMedian
    $ratios.Add((New-Ratio "Peak RSS of A at $bigRows / at $smallRows rows" $v '<= 1.10' ($v -le 1.10) 'A and F, same page size'))
}
if ($s.Contains('E') -and $s.Contains('A')) {
    $v = $s.E.wallSecondsMedian / $s.A.wallSecondsMedian
    $ratios.Add((New-Ratio 'Python (E) / A (time, wall)' $v '>= 3.5' ($v -ge 3.5) 'same rows, whole-process wall time'))
}
if ($s.Contains('C') -and $s.Contains('F')) {
    $v = $s.C.wallSecondsMedian / $s.F.wallSecondsMedian
    $ratios.Add((New-Ratio "Invoke-RestMethod loop (C) / A at $smallRows rows (F)" $v '>= 15' ($v -ge 15) 'same rows, whole-process wall time'))
}
if ($s.Contains('G') -and $s.Contains('S')) {
    $floor = $s.S.wallSecondsMedian + $s.G.pages / 3
    $v = $s.G.wallSecondsMedian / $floor
    $ratios.Add((New-Ratio 'G / (bare pwsh start + pages / 3 s)' $v '<= 1.15' ($v -le 1.15) ('{0:N2} s start (S) + {1} pages / 3 s = {2:N2} s' -f $s.S.wallSecondsMedian, $s.G.pages, $floor)))
    $ratios.Add((New-Ratio 'Peak RSS of G (MB)' $s.G.peakWorkingSetMBMedian '<= 200' ($s.G.peakWorkingSetMBMedian -le 200) "pages of $($s.G.pageSize); whole pwsh process"))
}
if ($s.Contains('GU') -and $s.Contains('FT') -and $s.Contains('S')) {
    # Own work = the process's CPU less a bare pwsh start's: the emulator's work is in another
    # process, and the rate limit (off here) costs no CPU.
    $own = $s.GU.cpuSecondsMedian - $s.S.cpuSecondsMedian
    $ftOwn = $s.FT.cpuSecondsMedian - $s.S.cpuSecondsMedian
    $v = $own / $ftOwn
    $ratios.Add((New-Ratio 'GU own CPU / FT own CPU' $v '<= 0.35' ($v -le 0.35) ('CPU less S''s: {0:N2} s / {1:N2} s' -f $own, $ftOwn)))
}
if ($s.Contains('A') -and $s.Contains('FT')) {
    $ratios.Add((New-Ratio 'A / FT (time, in-process)' ($s.A.workSecondsMedian / $s.FT.workSecondsMedian) '-' $null 'time inside the process (no pwsh start-up)'))
}
if ($s.Contains('A') -and $s.Contains('D')) {
    $ratios.Add((New-Ratio 'A / D (time, wall)' ($s.A.wallSecondsMedian / $s.D.wallSecondsMedian) '-' $null 'A against PowerShell making PSObjects in script (FP floor)'))
}
if ($s.Contains('FT') -and $s.Contains('D')) {
    $ratios.Add((New-Ratio 'D / FT (time, wall)' ($s.D.wallSecondsMedian / $s.FT.wallSecondsMedian) '-' $null 'PSObjects against plain CLR objects through Export-Csv'))
}
if ($s.Contains('B') -and $s.Contains('FT')) {
    $ratios.Add((New-Ratio 'B / FT (time, wall)' ($s.B.wallSecondsMedian / $s.FT.wallSecondsMedian) '-' $null 'the module without CSV against the CLR floor with CSV'))
}
if ($s.Contains('A')) {
    $ratios.Add((New-Ratio 'A / rate-limit floor' ($s.A.wallSecondsMedian / $s.A.rateLimitFloorSeconds) '-' $null "floor = $($s.A.pages) pages x 1/3 s"))
}
if ($s.Contains('G') -and $s.Contains('A')) {
    $ratios.Add((New-Ratio 'G / A (time, wall)' ($s.G.wallSecondsMedian / $s.A.wallSecondsMedian) '-' $null 'the file straight from the pages against Export-Csv'))
}

$total = $benchClock.Elapsed.TotalSeconds
$loadAtEnd = Get-LoadAverage
$fmt = { param($x) if ($null -eq $x) { '-' } else { '{0:N2}' -f $x } }
$skipNote = if ($skipped.Count) { '; runs skipped: ' + (@(foreach ($k in $skipped.Keys) { '{0} x{1}' -f $k, $skipped[$k] }) -join ', ') } else { '' }
$md = [System.Text.StringBuilder]::new()
$null = $md.AppendLine('# AmazonVitals benchmark').AppendLine()
$null = $md.AppendLine("AmazonVitals $($moduleInfo.version) (snapshot of $ModulePath), PowerShell $($PSVersionTable.PSVersion), $([Environment]::ProcessorCount) cores, emulator rate limit 3 req/s (GU: none), now = $Now. Medians of the runs in the Runs column ($Runs for A, B, D, F, FT, G, GU, S; up to $SlowRuns for C and E, as the $BudgetSeconds s time budget allowed$skipNote); each run is a fresh process. Wall = process start to exit, seen by the parent; work = inside the process (from before Import-Module / import requests). Load average (1/5/15 min) at start: $loadAtStart; at end: $loadAtEnd.").AppendLine()
$null = $md.AppendLine('| Row | What | Rows | Runs | Wall (s) | Work (s) | Rows/s | Peak RSS (MB) | CPU (s) | Pages x size | 429s | Server (s) | Rate floor (s) |')
$null = $md.AppendLine('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
foreach ($k in 'A', 'B', 'C', 'D', 'E', 'F', 'FT', 'G', 'GU', 'S') {
    if ($summary.Contains($k)) {
        $x = $summary[$k]
        $pg = if ($null -ne $x.pages) { "$($x.pages) x $($x.pageSize)" } else { '-' }
        $null = $md.AppendLine("| $k | $($x.what.Replace("|", "\|")) | $('{0:N0}' -f $x.rows) | $($x.runs) | $(& $fmt $x.wallSecondsMedian) | $(& $fmt $x.workSecondsMedian) | $('{0:N0}' -f $x.rowsPerSecondWall) | $('{0:N0}' -f $x.peakWorkingSetMBMedian) | $(& $fmt $x.cpuSecondsMedian) | $pg | $(if ($null -ne $x.status429Total) { $x.status429Total } else { '-' }) | $(& $fmt $x.serverSecondsMedian) | $(& $fmt $x.rateLimitFloorSeconds) |")
    }
    elseif ($k -eq 'E') { $null = $md.AppendLine("| E | Python requests (reference page) + csv | - | 0 | skipped: $pythonNote | | | | | | | | |") }
    elseif ($k -eq 'G') { $null = $md.AppendLine('| G | Export-VitalsData -Format Csv | - | 0 | not available | | | | | | | | |') }
}
$null = $md.AppendLine().AppendLine('| Ratio | Measured | Target | Met | Basis |').AppendLine('|---|---:|---|---|---|')
foreach ($r in $ratios) {
    $met = if ($null -eq $r.met) { '' } elseif ($r.met) { 'yes' } else { '**no**' }
    $null = $md.AppendLine("| $($r.name) | $(& $fmt $r.value) | $($r.target) | $met | $($r.basis) |")
}
$null = $md.AppendLine().AppendLine(('Total bench time: {0:N0} s.' -f $total))
$md.ToString() | Set-Content (Join-Path $OutDir 'results.md') -Encoding utf8
[ordered]@{
    moduleVersion = $moduleInfo.version; now = $Now; runs = $Runs; slowRuns = $SlowRuns; bigRows = $bigRows; smallRows = $smallRows
    powershell = [string]$PSVersionTable.PSVersion; cores = [Environment]::ProcessorCount; python = $(if ($python) { (& $python.Source --version) } else { $pythonNote })
    exportVitalsData = [bool]$moduleInfo.export; totalSeconds = [math]::Round($total, 1); loadAverageStart = $loadAtStart; loadAverageEnd = $loadAtEnd
    budgetSeconds = $BudgetSeconds; skippedRuns = $skipped; summary = $summary; ratios = $ratios; warmUp = $warm; runsDetail = $results
} | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $OutDir 'results.json') -Encoding utf8
Write-Host ''
Write-Host $md.ToString()
Write-Host "Wrote $(Join-Path $OutDir 'results.md') and results.json"
#endregion
