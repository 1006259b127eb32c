# The everyday job, against whatever Connect-Vitals connected to (the demo: the local emulator).
param([string] $OutputFolder = (Join-Path $PWD 'demo'), $Emulator)

$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force $OutputFolder | Out-Null

Write-Host "`nData freshness of the three rate sets" -ForegroundColor Cyan
Get-VitalsFreshness | Out-Host

Write-Host "Crash rate by version, last 7 days of data" -ForegroundColor Cyan
$byVersion = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate, userPerceivedCrashRate, distinctDevices, crashCount
$byVersion | Group-Object versionCode | ForEach-Object {
    $devices = ($_.Group | Measure-Object distinctDevices -Sum).Sum
    $crashes = ($_.Group | Measure-Object crashCount -Sum).Sum
    [pscustomobject]@{
        versionCode      = $_.Name
        Days             = $_.Count
        MeanDailyDevices = [long][math]::Round($devices / $_.Count)
        Crashes          = [long]$crashes
        CrashRate        = '{0:P3}' -f (($_.Group | ForEach-Object { $_.crashRate * $_.distinctDevices } | Measure-Object -Sum).Sum / $devices)
    }
} | Sort-Object { [int]$_.versionCode } | Format-Table -AutoSize | Out-Host
$byVersion | Export-Csv (Join-Path $OutputFolder 'crash-rate-by-version.csv') -NoTypeInformation

Write-Host "Top 5 crash issues" -ForegroundColor Cyan
$issues = Get-VitalsIssue -ReportType Crash -First 5
$issues | Format-Table ErrorEventCount, AffectedDeviceCount, @{ n = 'Trace'; e = { ($_.ReportText -split "`n")[0] } } -AutoSize | Out-Host
$issues | Export-Csv (Join-Path $OutputFolder 'top-crash-issues.csv') -NoTypeInformation

Write-Host "Release health: is the newest version healthy?" -ForegroundColor Cyan
Write-Host "  com.example.driver:   version 151 crashes three times as often, but only on one device model"
Write-Host "  com.example.mixshift: 151's pooled crash rate is up, because it runs more on models that crash more"
Write-Host "  com.example.tvapp:    healthy"
$health = 'com.example.driver', 'com.example.mixshift', 'com.example.tvapp' | Get-VitalsHealth
$health | Out-Host

Write-Host "Where the crash change lives, and what the raw rise means" -ForegroundColor Cyan
$health | ForEach-Object { [pscustomobject]@{
        Package     = $_.PackageName
        Verdict     = $_.Crash.Verdict
        PerDevice   = '{0:+0.0%;-0.0%}' -f $_.Crash.Change
        Raw         = '{0:+0.0%;-0.0%}' -f $_.Crash.RawChange
        Explanation = $_.Crash.Explanation
    } } | Format-List | Out-Host

Write-Host "The release gate a pipeline step runs (advisory here, so the demo goes on)" -ForegroundColor Cyan
'com.example.driver', 'com.example.mixshift' | Assert-VitalsHealth -Top 0 -Advisory -WarningAction SilentlyContinue

Write-Host "Release health report: one self-contained HTML file with a chart per measure" -ForegroundColor Cyan
$report = $health | Export-VitalsReport -Path (Join-Path $OutputFolder 'health.html') -PassThru
Write-Host "Wrote $($report.FullName) ($($report.Length) bytes): open it in a browser, mail it or upload it"

if ($Emulator) {
    Write-Host "History beyond the API's 30 days: a nightly Sync-VitalsHistory, replayed 60 and 30 days ago and today" -ForegroundColor Cyan
    $history = Join-Path $OutputFolder 'history'
    Remove-Item $history -Recurse -Force -ErrorAction Ignore
    $today = [datetime]::UtcNow.Date
    try {
        foreach ($daysAgo in 60, 30, 0) {
            # The emulator's clock stands in for the calendar: each run sees the 30 dates the API kept that day.
            Invoke-EmulatorControl -Emulator $Emulator -Path config -Method POST -Body @{ now = $today.AddDays(-$daysAgo).AddHours(12).ToString('o') } | Out-Null
            Sync-VitalsHistory -Path $history -MetricSet crashMetricSet -Dimension versionCode | Out-Host
        }
    }
    finally {
        Invoke-EmulatorControl -Emulator $Emulator -Path config -Method POST -Body @{ now = $null } | Out-Null
    }
    Write-Host "The 90-day crash trend, read back from the Parquet dataset (one line per week)" -ForegroundColor Cyan
    Get-VitalsHistory -Path $history -MetricSet crashMetricSet -Metric crashCount, distinctDevices |
        Group-Object { $_.StartTime.AddDays(-(([int]$_.StartTime.DayOfWeek + 6) % 7)).ToString('yyyy-MM-dd') } |
        ForEach-Object {
            $devices = ($_.Group | Measure-Object distinctDevices -Sum).Sum
            $crashes = ($_.Group | Measure-Object crashCount -Sum).Sum
            [pscustomobject]@{
                WeekOf          = $_.Name
                Days            = @($_.Group.StartTime | Sort-Object -Unique).Count
                DeviceDays      = [long]$devices
                Crashes         = [long]$crashes
                CrashesPer1k    = '{0:N2}' -f (1000 * $crashes / $devices)
            }
        } | Format-Table -AutoSize | Out-Host
    Write-Host "Stored: $((Get-ChildItem $history -Recurse -Filter *.parquet).Count) daily partitions in $history (DuckDB: SELECT * FROM read_parquet('$history/**/*.parquet', hive_partitioning = true))"
}

Get-ChildItem $OutputFolder -Filter *.csv | ForEach-Object { Write-Host "Wrote $($_.FullName) ($((Import-Csv $_.FullName).Count) rows)" }
