# Row FT, the CLR floor: as many plain CLR objects as A's rows (FloorRow.cs: 12 ordinary properties
# with the names, types and order of A's columns), made with no network and piped to Export-Csv.
# The same loop and values as row D (Run-Floor.ps1), with [FloorRow]::new(...) in place of the
# [pscustomobject] literal. The class is compiled before the run (-FloorAssembly), so the measured
# process only loads it, as it would load any module's types.
param(
    [Parameter(Mandatory)][string] $Path,
    [Parameter(Mandatory)][string] $StartDate,   # yyyy-MM-dd, inclusive
    [Parameter(Mandatory)][int] $Days,
    [Parameter(Mandatory)][string] $FloorAssembly
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$sw = [System.Diagnostics.Stopwatch]::StartNew()
Add-Type -Path $FloorAssembly
$values = Get-FloorValues -StartDate $StartDate
$versions, $countries, $models, $types, $osVersions = $values.Versions, $values.Countries, $values.Models, $values.Types, $values.OsVersions
$rates, $counts, $first = $values.Rates, $values.Counts, $values.First

& {
    $i = 0
    foreach ($d in 0..($Days - 1)) {
        $day = $first.AddDays($d)
        foreach ($v in $versions) { foreach ($c in $countries) { foreach ($m in $models) { foreach ($t in $types) { foreach ($o in $osVersions) {
            $k = $i++ % 997
            [FloorRow]::new('com.example.tvapp', 'crashMetricSet', 'Daily', $day, $v, $c, $m, $t, $o, $rates[$k], $counts[$k], $counts[996 - $k] + 50L)
        } } } } }
    }
} | Export-Csv -Path $Path -NoTypeInformation
Write-BenchResult -Kind 'FloorTyped' -Stopwatch $sw
