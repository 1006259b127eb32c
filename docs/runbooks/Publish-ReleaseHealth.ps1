<#
.SYNOPSIS
    Runbook: checks the release health of one or more apps, writes the HTML report, and uploads it
    to a storage account and/or mails it.
.DESCRIPTION
    Credentials as in Export-VitalsDaily.ps1: the Automation credential asset named by
    -CredentialName in Azure Automation, AMAZON_VITALS_CLIENT_ID and AMAZON_VITALS_CLIENT_SECRET
    anywhere else. The upload and the mail use the Automation account's managed identity
    (Az.Accounts and Az.Storage for the upload, with the Storage Blob Data Contributor role on the
    container; Microsoft.Graph.Users.Actions for the mail, with the Mail.Send application
    permission). Without -StorageAccount and -MailTo the report is only written. The output stream
    carries only the report's path. With -FailOnUnhealthy the job fails after the report is out
    when any app is not healthy (a regression, a measure not served, stale data, a threshold).
#>
param(
    [Parameter(Mandatory)] [string[]] $PackageName,
    [string] $OutputFolder = [IO.Path]::GetTempPath(),
    [string] $CredentialName = 'AmazonVitals',
    [string] $StorageAccount,
    [string] $Container = 'release-health',
    [string] $MailTo,
    [string] $MailFrom,
    [switch] $FailOnUnhealthy,
    # Only to point the runbook at a test server (the local emulator); leave empty in production.
    [string] $BaseUri,
    [string] $TokenUri
)

$ErrorActionPreference = 'Stop'
Import-Module AmazonVitals

$connect = @{}
if ($BaseUri) { $connect.BaseUri = $BaseUri; $connect.TokenUri = $TokenUri }
if (Get-Command Get-AutomationPSCredential -ErrorAction Ignore) {
    $connect.Credential = Get-AutomationPSCredential -Name $CredentialName
}
Connect-Vitals @connect

$day = [datetime]::UtcNow.ToString('yyyy-MM-dd')
$path = Join-Path $OutputFolder "release-health-$day.html"
# The apps share the one rate limit; an app that fails is a non-terminating error and the rest are reported.
$health = $PackageName | Get-VitalsHealth -ErrorAction Continue
$report = $health | Export-VitalsReport -Path $path -Title "Release health $day" -PassThru
$report.FullName

if ($StorageAccount) {
    Connect-AzAccount -Identity | Out-Null
    $context = New-AzStorageContext -StorageAccountName $StorageAccount -UseConnectedAccount
    Set-AzStorageBlobContent -File $report.FullName -Container $Container -Blob "$day/release-health.html" -Context $context `
        -Properties @{ ContentType = 'text/html; charset=utf-8' } -Force | Out-Null
}

if ($MailTo) {
    Connect-MgGraph -Identity -NoWelcome
    $summary = foreach ($h in $health) {
        '{0}: {1}' -f $h.PackageName, $(if ($h.Healthy) { 'Healthy' } else { 'NOT HEALTHY. ' + ($h.Reasons -join ' ') })
    }
    Send-MgUserMail -UserId $MailFrom -Message @{
        subject      = "Release health $day"
        body         = @{ contentType = 'Text'; content = ($summary -join "`n") }
        toRecipients = @(@{ emailAddress = @{ address = $MailTo } })
        attachments  = @(@{
                '@odata.type' = '#microsoft.graph.fileAttachment'
                name          = $report.Name
                contentType   = 'text/html'
                contentBytes  = [Convert]::ToBase64String([IO.File]::ReadAllBytes($report.FullName))
            })
    }
}
Disconnect-Vitals

$unhealthy = @($health | Where-Object { -not $_.Healthy })
if ($FailOnUnhealthy -and $unhealthy) {
    throw ('Not healthy: ' + (($unhealthy | ForEach-Object { '{0} ({1})' -f $_.PackageName, ($_.Reasons -join ' ') }) -join '; '))
}
