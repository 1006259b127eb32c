<#
.SYNOPSIS
    Runbook: exports yesterday's crash and ANR rates, by version and country, to CSV.
.DESCRIPTION
    In Azure Automation the credentials come from the Automation credential asset named by
    -CredentialName (user name = client id, password = client secret). Anywhere else they come
    from AMAZON_VITALS_CLIENT_ID and AMAZON_VITALS_CLIENT_SECRET. Nothing prompts, and nothing
    but the paths of the files written reaches the output stream.
#>
param(
    [Parameter(Mandatory)] [string] $PackageName,
    [string] $OutputFolder = [IO.Path]::GetTempPath(),
    [string] $CredentialName = 'AmazonVitals',
    # Only to point the runbook at a test server (the local emulator); leave empty in production.
    [string] $BaseUri,
    [string] $TokenUri
)

$ErrorActionPreference = 'Stop'
Import-Module AmazonVitals

$connect = @{ PackageName = $PackageName }
if ($BaseUri) { $connect.BaseUri = $BaseUri; $connect.TokenUri = $TokenUri }
if (Get-Command Get-AutomationPSCredential -ErrorAction Ignore) {
    $connect.Credential = Get-AutomationPSCredential -Name $CredentialName
}
Connect-Vitals @connect

# Yesterday as a UTC date; -EndTime is exclusive, so this is exactly one day.
$yesterday = [datetime]::UtcNow.Date.AddDays(-1)
foreach ($set in 'crashMetricSet', 'anrMetricSet') {
    $path = Join-Path $OutputFolder ('{0}-{1}-{2:yyyy-MM-dd}.csv' -f $PackageName, $set, $yesterday)
    Invoke-VitalsQuery -MetricSet $set -Dimension versionCode, countryCode -StartTime $yesterday -EndTime $yesterday.AddDays(1) |
        Export-Csv -Path $path -NoTypeInformation
    $path
}
Disconnect-Vitals
