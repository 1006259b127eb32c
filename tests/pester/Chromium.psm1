# Headless Chromium for the browser tests: finds it, installs Debian's chromium package when it is
# missing (CI starts from a fresh machine), and runs it two ways: the command line (--dump-dom,
# --screenshot, the console log on stderr) and the DevTools protocol, for what the command line
# cannot do, such as loading a page with JavaScript disabled.

function Find-Chromium {
    foreach ($name in 'chromium', 'chromium-browser') {
        $command = Get-Command $name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if ($command) { return $command.Source }
    }
}

function Get-Chromium {
    # @{ Path } of the browser, installed with apt-get when missing; or @{ Reason } it cannot be had.
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $LogFolder)
    if ($found = Find-Chromium) { return @{ Path = $found } }
    if (-not $IsLinux) { return @{ Reason = 'Chromium is not installed, and it is installed automatically only on Debian Linux.' } }
    if (-not (Get-Command apt-get -ErrorAction Ignore)) { return @{ Reason = 'Chromium is not installed, and there is no apt-get to install it with.' } }
    if ((& id -u) -ne '0') { return @{ Reason = 'Chromium is not installed, and installing it needs root (apt-get install -y chromium).' } }
    $log = Join-Path $LogFolder 'chromium-install.log'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Write-Host 'Installing Chromium for the browser tests (apt-get update; apt-get install -y chromium)...'
    & apt-get update *> $log
    & apt-get install -y chromium *>> $log
    if ($found = Find-Chromium) { return @{ Path = $found } }
    $tail = (Get-Content $log -Tail 3 -ErrorAction Ignore) -join ' | '
    @{ Reason = "Chromium could not be installed (apt-get install -y chromium): $tail (see $log)." }
}

function New-ChromiumProfile {
    # A fresh profile folder per run: runs never share state or a profile lock.
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('av-chromium-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
    New-Item -ItemType Directory $folder | Out-Null
    $folder
}

function Invoke-Chromium {
    # Runs headless Chromium on a file: returns the DOM it wrote (with --dump-dom) and its log, which
    # carries the page's console messages (--enable-logging=stderr --v=0).
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Chromium, [Parameter(Mandatory)][string] $Path, [string[]] $Extra = @('--dump-dom'))
    $profileDir = New-ChromiumProfile
    $errFile = Join-Path $profileDir 'stderr.log'
    try {
        $arguments = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars',
            "--user-data-dir=$profileDir", '--enable-logging=stderr', '--v=0') + $Extra + @([uri]::new((Resolve-Path $Path).Path).AbsoluteUri)
        $dom = & $Chromium @arguments 2> $errFile
        [pscustomobject]@{
            Dom = ($dom -join "`n")
            Log = (Get-Content $errFile -Raw -ErrorAction Ignore) ?? ''
        }
    }
    finally {
        Remove-Item $profileDir -Recurse -Force -ErrorAction Ignore
    }
}

function Get-ConsoleMessage {
    # The console messages in Chromium's log: '... INFO:CONSOLE:1] "message", source: ...'.
    param([string] $Log)
    @($Log -split "`r?`n" | Where-Object { $_ -match ':CONSOLE[:(]' })
}

function Invoke-ChromiumDevTools {
    # Loads a file in headless Chromium through the DevTools protocol with JavaScript disabled for the
    # page before it loads (Emulation.setScriptExecutionDisabled; the command line's
    # --blink-settings=scriptEnabled=false leaves --dump-dom and --screenshot with nothing, since both
    # run script in the page), and returns the DOM as the browser built it, a screenshot of the
    # viewport, and the console and log events the page raised.
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Chromium, [Parameter(Mandatory)][string] $Path, [int] $TimeoutSec = 60)
    $ErrorActionPreference = 'Stop'
    $ProfileDir = New-ChromiumProfile
    $info = [System.Diagnostics.ProcessStartInfo]::new($Chromium)
    foreach ($a in '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--remote-debugging-port=0', "--user-data-dir=$ProfileDir", 'about:blank') { $info.ArgumentList.Add($a) }
    $info.RedirectStandardError = $true
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $null = $process.StandardOutput.ReadToEndAsync()
    $ws = [System.Net.WebSockets.ClientWebSocket]::new()
    try {
        $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSec)
        $endpoint = $null
        while (-not $endpoint -and [datetime]::UtcNow -lt $deadline) {
            $read = $process.StandardError.ReadLineAsync()
            if (-not $read.Wait($deadline - [datetime]::UtcNow)) { break }
            $line = $read.Result
            if ($null -eq $line) { break }
            if ($line -match 'DevTools listening on (ws://[^/\s]+)') { $endpoint = $Matches[1] }
        }
        if (-not $endpoint) { throw 'Chromium did not open its DevTools endpoint.' }
        $null = $process.StandardError.ReadToEndAsync()
        $http = $endpoint -replace '^ws://', 'http://'
        # Invoke-RestMethod writes a JSON array as one object; from a variable it unrolls.
        $targets = Invoke-RestMethod "$http/json/list"
        $page = $targets | Where-Object type -EQ 'page' | Select-Object -First 1
        $ws.ConnectAsync([uri]$page.webSocketDebuggerUrl, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
        $state = @{ Id = 0; Events = [System.Collections.Generic.List[object]]::new() }
        $receive = {
            $buffer = [byte[]]::new(65536)
            $stream = [System.IO.MemoryStream]::new()
            do {
                $left = $deadline - [datetime]::UtcNow
                if ($left -le [timespan]::Zero) { throw 'Timed out waiting for Chromium.' }
                $task = $ws.ReceiveAsync([ArraySegment[byte]]::new($buffer), [Threading.CancellationToken]::None)
                if (-not $task.Wait($left)) { throw 'Timed out waiting for Chromium.' }
                $stream.Write($buffer, 0, $task.Result.Count)
            } until ($task.Result.EndOfMessage)
            [Text.Encoding]::UTF8.GetString($stream.ToArray()) | ConvertFrom-Json -Depth 100
        }
        $call = {
            param([string] $Method, [hashtable] $Params = @{})
            $id = ++$state.Id
            $json = @{ id = $id; method = $Method; params = $Params } | ConvertTo-Json -Depth 10 -Compress
            $bytes = [Text.Encoding]::UTF8.GetBytes($json)
            $ws.SendAsync([ArraySegment[byte]]::new($bytes), 'Text', $true, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
            while ($true) {
                $message = & $receive
                if ($message.id -eq $id) {
                    if ($message.error) { throw "$Method failed: $($message.error.message)" }
                    return $message.result
                }
                $state.Events.Add($message)
            }
        }
        $null = & $call 'Page.enable'
        $null = & $call 'Log.enable'
        $null = & $call 'Runtime.enable'
        $null = & $call 'Emulation.setScriptExecutionDisabled' @{ value = $true }
        $null = & $call 'Page.navigate' @{ url = [uri]::new((Resolve-Path $Path).Path).AbsoluteUri }
        while (-not ($state.Events | Where-Object method -EQ 'Page.loadEventFired')) { $state.Events.Add((& $receive)) }
        $root = (& $call 'DOM.getDocument' @{ depth = 0 }).root.nodeId
        $dom = (& $call 'DOM.getOuterHTML' @{ nodeId = $root }).outerHTML
        $shot = (& $call 'Page.captureScreenshot' @{ format = 'png' }).data
        [pscustomobject]@{
            Dom        = $dom
            Screenshot = [Convert]::FromBase64String($shot)
            Console    = @($state.Events | Where-Object { $_.method -in 'Runtime.consoleAPICalled', 'Runtime.exceptionThrown', 'Log.entryAdded' })
        }
    }
    finally {
        $ws.Dispose()
        if (-not $process.HasExited) { $process.Kill($true) }
        $null = $process.WaitForExit(5000)
        Remove-Item $ProfileDir -Recurse -Force -ErrorAction Ignore
    }
}

Export-ModuleMember -Function Get-Chromium, Invoke-Chromium, Invoke-ChromiumDevTools, Get-ConsoleMessage
