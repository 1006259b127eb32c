# Rows A, B, F and G: one module query in a fresh process, so the peak working set is the whole
# cost of importing the module, connecting, querying and writing.
#   Csv    Invoke-VitalsQuery | Export-Csv       (A, F)
#   Null   Invoke-VitalsQuery | Out-Null         (B: the module's own cost, no CSV)
#   Export Export-VitalsData -Format Csv         (G: the streaming export cmdlet)
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $BaseUri,
    [Parameter(Mandatory)][string] $TokenUri,
    [Parameter(Mandatory)][string] $ClientId,
    [Parameter(Mandatory)][string] $ClientSecret,
    [Parameter(Mandatory)][string] $StartDate,   # yyyy-MM-dd, inclusive, UTC
    [Parameter(Mandatory)][string] $EndDate,     # yyyy-MM-dd, exclusive, UTC
    [ValidateSet('Csv', 'Null', 'Export')][string] $Sink = 'Csv',
    [string] $Path,
    [string] $PackageName = 'com.example.tvapp',
    # Rows per request; 0 leaves the module's default.
    [int] $PageSize = 0,
    # The client's own rate limit; 0 leaves Connect-Vitals' default (the API's 3 a second).
    [int] $RequestsPerSecond = 0
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

# The clock starts before Import-Module: loading the module is part of what a runbook pays.
$sw = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath
$secret = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
$connect = @{}
if ($RequestsPerSecond) { $connect.RequestsPerSecond = $RequestsPerSecond }
Connect-Vitals -ClientId $ClientId -ClientSecret $secret -BaseUri $BaseUri -TokenUri $TokenUri -PackageName $PackageName @connect

# Bare dates parse as UTC dates in the module (see InvokeVitalsQueryCommand -StartTime).
$query = @{
    MetricSet         = 'crashMetricSet'
    AggregationPeriod = 'Daily'
    StartTime         = [datetime]::ParseExact($StartDate, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture)
    EndTime           = [datetime]::ParseExact($EndDate, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture)
    Dimension         = 'versionCode', 'countryCode', 'deviceModel', 'deviceType', 'osVersion'
    Metric            = 'crashRate', 'crashCount', 'distinctDevices'
}
if ($PageSize) { $query.PageSize = $PageSize }
switch ($Sink) {
    'Csv' { Invoke-VitalsQuery @query | Export-Csv -Path $Path -NoTypeInformation }
    'Null' { Invoke-VitalsQuery @query | Out-Null }
    'Export' { Export-VitalsData @query -Path $Path -Format Csv }
}
Disconnect-Vitals
Write-BenchResult -Kind "Module-$Sink" -Stopwatch $sw
