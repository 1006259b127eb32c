# Row D, the floor: as many PSObjects as A's rows, of the same shape (12 note properties with the
# same names, types and order), made with no network and piped to Export-Csv.
# The cheapest PowerShell-native way we know: a `foreach` statement (not ForEach-Object) inside a
# script block whose output streams into Export-Csv, creating each row with the
# [pscustomobject]@{...} literal, which the compiler turns into a direct ordered PSObject build
# (no hashtable, no New-Object). Values come from the loop variables, in the emulator's row order,
# so the CSV text has realistic widths; no per-row arithmetic beyond one counter.
param(
    [Parameter(Mandatory)][string] $Path,
    [Parameter(Mandatory)][string] $StartDate,   # yyyy-MM-dd, inclusive
    [Parameter(Mandatory)][int] $Days
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$sw = [System.Diagnostics.Stopwatch]::StartNew()
$versions = 142..151 | ForEach-Object { [string]$_ }
$countries = -split 'US GB DE JP IN CA FR IT ES BR MX AU NL SE PL AT BE IE CH NZ'
$models = -split 'AFTKA AFTMM AFTSSS AFTKM AFTSS AFTT AFTN AFTR AFTA AFTKRT KFTRWI KFTRPWI KFSNWI KFMAWI KFONWI KFRAWI KFRAPWI KFQUWI KFTUWI KFGIWI'
$types = 'AMAZON_FIRE_TV', 'AMAZON_TABLETS'
$osVersions = '7.6.9.1', '7.7.0.3', '8.1.2.4', '8.2.0.1', '1.1.3.0'
# A small table of realistic metric values, indexed by a counter, instead of computing per row.
$rates = foreach ($k in 0..996) { [math]::Round(0.002 + ($k * 7919 % 1000) / 50000.0, 6) }
$counts = foreach ($k in 0..996) { [long]($k * 104729 % 5000) }
$first = [datetime]::SpecifyKind([datetime]::ParseExact($StartDate, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture), 'Utc')

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
