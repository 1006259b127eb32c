# Row C: the same export written the way a user would without the module: a token request,
# Invoke-RestMethod (which runs ConvertFrom-Json into PSCustomObjects), each row flattened by hand
# into a [pscustomobject], then Export-Csv. Paging and the sleep follow the reference page
# ("Add time.sleep(0.4) between sequential calls"); the biggest allowed page keeps that sleep rare.
# Metric values stay the strings the API sends: a hand-written script rarely casts them, and not
# casting only makes this row faster.
param(
    [Parameter(Mandatory)][string] $BaseUri,
    [Parameter(Mandatory)][string] $TokenUri,
    [Parameter(Mandatory)][string] $ClientId,
    [Parameter(Mandatory)][string] $ClientSecret,
    [Parameter(Mandatory)][string] $StartDate,   # yyyy-MM-dd, inclusive
    [Parameter(Mandatory)][string] $EndDate,     # yyyy-MM-dd, exclusive
    [Parameter(Mandatory)][string] $Path,
    [int] $PageSize = 100000,
    [string] $PackageName = 'com.example.tvapp'
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$sw = [System.Diagnostics.Stopwatch]::StartNew()

$token = Invoke-RestMethod -Method Post -Uri $TokenUri -Body @{
    grant_type    = 'client_credentials'
    client_id     = $ClientId
    client_secret = $ClientSecret
    scope         = 'adx_reporting::appstore:marketer'
}
$headers = @{ Authorization = "Bearer $($token.access_token)" }

$start = [datetime]::ParseExact($StartDate, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture)
$end = [datetime]::ParseExact($EndDate, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture)
$body = @{
    timelineSpec = @{
        aggregationPeriod = 'DAILY'
        startTime         = @{ year = $start.Year; month = $start.Month; day = $start.Day }
        endTime           = @{ year = $end.Year; month = $end.Month; day = $end.Day }
    }
    metrics      = @('crashRate', 'crashCount', 'distinctDevices')
    dimensions   = @('versionCode', 'countryCode', 'deviceModel', 'deviceType', 'osVersion')
    pageSize     = $PageSize
}
$uri = "$BaseUri/vitals/apps/$PackageName/crashMetricSet:query"

# Like the reference's all_rows: gather every row, then write the file.
$allRows = while ($true) {
    $result = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -ContentType 'application/json' -Body ($body | ConvertTo-Json -Depth 5)
    foreach ($row in $result.rows) {
        $flat = [ordered]@{
            PackageName       = $PackageName
            MetricSet         = 'crashMetricSet'
            AggregationPeriod = $row.aggregationPeriod
            StartTime         = [datetime]::new($row.startTime.year, $row.startTime.month, $row.startTime.day, 0, 0, 0, [DateTimeKind]::Utc)
        }
        foreach ($d in $row.dimensions) { $flat[$d.name] = $d.value }
        foreach ($m in $row.metrics) { $flat[$m.name] = $m.value }
        [pscustomobject]$flat
    }
    if (-not $result.nextPageToken) { break }
    $body.pageToken = $result.nextPageToken
    Start-Sleep -Milliseconds 400
}
$allRows | Export-Csv -Path $Path -NoTypeInformation
Write-BenchResult -Kind 'RestMethod' -Stopwatch $sw
