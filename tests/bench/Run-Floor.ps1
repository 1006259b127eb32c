# Row D, the floor: as many PSObjects as A's rows, of the same shape (12 note properties with the
# same names, types and order), made with no network and piped to Export-Csv.
# The cheapest PowerShell-native way we know: a `foreach` statement (not ForEach-Object) inside a
# script block whose output streams into Export-Csv, creating each row with the
# [pscustomobject]@{...} literal, which the compiler turns into a direct ordered PSObject build
# (no hashtable, no New-Object). Values come from the loop variables (Get-FloorValues).
param(
    [Parameter(Mandatory)][string] $Path,
    [Parameter(Mandatory)][string] $StartDate,   # yyyy-MM-dd, inclusive
    [Parameter(Mandatory)][int] $Days
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$sw = [System.Diagnostics.Stopwatch]::StartNew()
$values = Get-FloorValues -StartDate $StartDate
$versions, $countries, $models, $types, $osVersions = $values.Versions, $values.Countries, $values.Models, $values.Types, $values.OsVersions
$rates, $counts, $first = $values.Rates, $values.Counts, $values.First

& {
    $i = 0
    foreach ($d in 0..($Days - 1)) {
        $day = $first.AddDays($d)
        foreach ($v in $versions) { foreach ($c in $countries) { foreach ($m in $models) { foreach ($t in $types) { foreach ($o in $osVersions) {
            $k = $i++ % 997
            [pscustomobject]@{
                PackageName       = 'com.example.tvapp'
                MetricSet         = 'crashMetricSet'
                AggregationPeriod = 'Daily'
                StartTime         = $day
                versionCode       = $v
                countryCode       = $c
                deviceModel       = $m
                deviceType        = $t
                osVersion         = $o
                crashRate         = $rates[$k]
                crashCount        = $counts[$k]
                distinctDevices   = $counts[996 - $k] + 50L
            }
        } } } } }
    }
} | Export-Csv -Path $Path -NoTypeInformation
Write-BenchResult -Kind 'Floor' -Stopwatch $sw
