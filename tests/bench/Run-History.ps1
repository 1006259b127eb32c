# One history bench run in a fresh process (tests/bench/Bench-History.ps1), timed from before
# Import-Module, as Run-Module.ps1 times the other rows.
#   Export  Export-VitalsData -Format Csv of the dates the API keeps      (H1, the peer)
#   Sync    Sync-VitalsHistory into -Path                                 (H2 first sync, H3 daily re-sync)
#   Read    Get-VitalsHistory | Out-Null of every stored row              (H4)
#   Query   Invoke-VitalsQuery | Out-Null of the same rows, unthrottled   (H5, the peer of H4)
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $BaseUri,
    [Parameter(Mandatory)][string] $ClientId,
    [Parameter(Mandatory)][string] $ClientSecret,
    [Parameter(Mandatory)][ValidateSet('Export', 'Sync', 'Read', 'Query')][string] $Mode,
    [Parameter(Mandatory)][string] $Path,
    [string] $StartDate,
    [string] $EndDate,
    [int] $RequestsPerSecond = 3
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$sw = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath
$shape = @{
    MetricSet = 'crashMetricSet'
    Dimension = 'versionCode', 'countryCode', 'deviceModel', 'deviceType', 'osVersion'
    Metric    = 'crashRate', 'crashCount', 'distinctDevices'
}
function Get-Date([string] $Text) { [datetime]::ParseExact($Text, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture) }
if ($Mode -ne 'Read') {
    $secret = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
    Connect-Vitals -ClientId $ClientId -ClientSecret $secret -BaseUri $BaseUri -PackageName com.example.tvapp -RequestsPerSecond $RequestsPerSecond
}
$rows = switch ($Mode) {
    'Export' { Export-VitalsData @shape -StartTime (Get-Date $StartDate) -EndTime (Get-Date $EndDate) -Path $Path; 0 }
    'Sync' { (Sync-VitalsHistory -Path $Path @shape).Rows }
    'Read' { (Get-VitalsHistory -Path $Path -MetricSet crashMetricSet -StartTime (Get-Date $StartDate) -EndTime (Get-Date $EndDate) | Measure-Object).Count }
    'Query' { (Invoke-VitalsQuery @shape -StartTime (Get-Date $StartDate) -EndTime (Get-Date $EndDate) | Measure-Object).Count }
}
$sw.Stop()
# Counted after the clock stops: reading the file back is not the export's work.
if ($Mode -eq 'Export') { $rows = [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($Path)) - 1 }
Write-BenchResult -Kind "History-$Mode" -Stopwatch $sw -Extra @{ rows = [long]$rows }
