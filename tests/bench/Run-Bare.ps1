# Row S: a bare pwsh start. The same process start and script run as every other row, with nothing
# in it: what any PowerShell script pays before its first line, for the G / (start + pages / 3 s)
# target.
$ErrorActionPreference = 'Stop'
$sw = [System.Diagnostics.Stopwatch]::StartNew()
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
Write-BenchResult -Kind 'Bare' -Stopwatch $sw
