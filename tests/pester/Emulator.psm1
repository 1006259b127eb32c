# Starts and stops the local Vitals emulator (tests/AmazonVitals.Emulator) for Pester, the demo
# and the benchmark. The emulator binds 127.0.0.1 on a free port and exits with its parent.

$script:RepoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:EmulatorDll = Join-Path $script:RepoRoot 'tests/AmazonVitals.Emulator/bin/Release/net10.0/AmazonVitals.Emulator.dll'

function Start-VitalsEmulator {
    [CmdletBinding()]
    param(
        [int] $RateLimit = 3,
        [int] $TokenLifetime = 3600,
        [string] $ClientId = 'emulator-client',
        [string] $ClientSecret = 'emulator-secret',
        [string] $Now,
        # Inferred: the reference plus the inferred facts of api-notes.md and an x-amzn-RequestId header.
        # Strict: only what the reference documents, plus fields no client knows (docs/emulator.md).
        [ValidateSet('Inferred', 'Strict')]
        [string] $Profile = 'Inferred'
    )
    if (-not (Test-Path $script:EmulatorDll)) { throw "The emulator is not built: run ./build.ps1 -Task Build first ($script:EmulatorDll)." }
    $arguments = @($script:EmulatorDll, '--port', '0', '--rate-limit', $RateLimit, '--token-lifetime', $TokenLifetime,
        '--client-id', $ClientId, '--client-secret', $ClientSecret, '--parent-pid', $PID, '--profile', $Profile.ToLowerInvariant())
    if ($Now) { $arguments += @('--now', $Now) }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $arguments) { $info.ArgumentList.Add([string]$a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    # Drained in the background, so the emulator can never block on a full pipe; kept for diagnostics.
    $errors = $process.StandardError.ReadToEndAsync()
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds(60)) -or -not $read.Result) {
        try { $process.Kill($true) } catch { }
        throw 'The Vitals emulator did not report its address within 60 seconds.'
    }
    if ($read.Result -notmatch 'listening on (http://\S+)') { throw "Unexpected emulator output: $($read.Result)" }
    $root = $Matches[1].TrimEnd('/')
    [pscustomobject]@{
        Process      = $process
        Root         = $root
        BaseUri      = "$root/api/appstore"
        TokenUri     = "$root/auth/o2/token"
        ControlUri   = "$root/_emulator"
        ClientId     = $ClientId
        ClientSecret = $ClientSecret
        Profile      = $Profile
        Errors       = $errors
    }
}

function Stop-VitalsEmulator {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator)
    process {
        if ($Emulator -and -not $Emulator.Process.HasExited) {
            try { $Emulator.Process.Kill($true) } catch { }
            $null = $Emulator.Process.WaitForExit(5000)
        }
    }
}

function Connect-VitalsEmulator {
    # Connects the module to an emulator with its credentials; extra parameters go to Connect-Vitals.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [hashtable] $With = @{})
    $secret = ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force
    Connect-Vitals -ClientId $Emulator.ClientId -ClientSecret $secret -BaseUri $Emulator.BaseUri -TokenUri $Emulator.TokenUri @With
}

function Invoke-EmulatorControl {
    # Calls the emulator's test controls: faults, log, reset, config.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string] $Path, [string] $Method = 'GET', $Body)
    $params = @{ Uri = "$($Emulator.ControlUri)/$Path"; Method = $Method }
    if ($null -ne $Body) {
        # Faults are always a JSON array; config is an object.
        $params.Body = if ($Path -eq 'faults') { ConvertTo-Json -InputObject @($Body) -Depth 10 } else { ConvertTo-Json -InputObject $Body -Depth 10 }
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

function Add-EmulatorFault {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][hashtable[]] $Fault)
    Invoke-EmulatorControl -Emulator $Emulator -Path 'faults' -Method POST -Body $Fault | Out-Null
}

function Get-EmulatorLog {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    # Invoke-RestMethod writes a JSON array as one object; returning it from a variable unrolls it.
    $entries = Invoke-EmulatorControl -Emulator $Emulator -Path 'log'
    $entries
}

function Reset-Emulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl -Emulator $Emulator -Path 'reset' -Method POST | Out-Null
}

function Get-TestModulePath {
    # The built module under test: build.ps1 passes it in; by hand, out/AmazonVitals.
    if ($env:AMAZONVITALS_MODULE) { $env:AMAZONVITALS_MODULE } else { Join-Path $script:RepoRoot 'out/AmazonVitals' }
}

function Get-EmulatorQueryLog {
    # The query requests the emulator received (after sequence number -After), oldest first.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [long] $After = 0)
    Get-EmulatorLog -Emulator $Emulator | Where-Object { $_.route -eq 'query' -and $_.seq -gt $After }
}

function Wait-EmulatorRequest {
    # The API requests (query and freshness, or -Route) logged after sequence number -After, once at
    # least -Count are there. The emulator logs a request just after its answer is written, so the last
    # may lag the client; a short settle then lets any request beyond -Count show too.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [long] $After = 0, [int] $Count = 1, [string[]] $Route = @('query', 'freshness'))
    $deadline = [datetime]::UtcNow.AddSeconds(10)
    do {
        $entries = @(Get-EmulatorLog -Emulator $Emulator | Where-Object { $_.seq -gt $After -and $_.route -in $Route })
        if ($entries.Count -ge $Count) { break }
        Start-Sleep -Milliseconds 50
    } while ([datetime]::UtcNow -lt $deadline)
    Start-Sleep -Milliseconds 200
    @(Get-EmulatorLog -Emulator $Emulator | Where-Object { $_.seq -gt $After -and $_.route -in $Route })
}

function Get-EmulatorSeq {
    # The sequence number of the last request the emulator logged, to count what comes after.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $last = Get-EmulatorLog -Emulator $Emulator | Select-Object -Last 1
    if ($last) { [long]$last.seq } else { 0L }
}

Export-ModuleMember -Function Get-TestModulePath, Get-EmulatorQueryLog, Get-EmulatorSeq, Wait-EmulatorRequest, Start-VitalsEmulator, Stop-VitalsEmulator, Connect-VitalsEmulator, Invoke-EmulatorControl, Add-EmulatorFault, Get-EmulatorLog, Reset-Emulator
