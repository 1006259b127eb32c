# Export-VitalsReport through the built module against the emulator, once per emulator profile, and
# the reports of the healthy and the regressed app rendered in headless Chromium. Chromium is
# installed (Debian's chromium package) when it is missing; when it cannot be, the browser tests are
# skipped with a message that says why, never passed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Chromium.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:outFolder = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'out'
    New-Item -ItemType Directory -Force $outFolder | Out-Null

    # Per <section class="package">: its charts, each with its data-series and its drawn <g class="series">.
    function Get-Charts([string] $Dom) {
        foreach ($section in ($Dom -split '<section class="package"' | Select-Object -Skip 1)) {
            $name = [regex]::Match($section, '<h2>([^<]*)</h2>').Groups[1].Value
            $charts = foreach ($svg in ($section -split '<svg class="chart"' | Select-Object -Skip 1)) {
                $body = $svg.Substring(0, $svg.IndexOf('</svg>'))
                [pscustomobject]@{
                    Declared = [int][regex]::Match($body, 'data-series="(\d+)"').Groups[1].Value
                    Drawn    = [regex]::Matches($body, '<g class="series"').Count
                }
            }
            [pscustomobject]@{ Package = [System.Net.WebUtility]::HtmlDecode($name); Charts = @($charts) }
        }
    }

    $script:browser = Get-Chromium -LogFolder $outFolder
    $script:chromium = $browser.Path
}

Describe 'Export-VitalsReport against the <EmulatorProfile> emulator' -ForEach @(@{ EmulatorProfile = 'Inferred' }, @{ EmulatorProfile = 'Strict' }) {
    BeforeAll {
        $script:emu = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        try {
            $script:healthy = Get-VitalsHealth com.example.tvapp -ErrorAction Stop
            $script:regressed = Get-VitalsHealth com.example.regressed -ErrorAction Stop
        }
        catch {
            throw "Get-VitalsHealth failed against the $EmulatorProfile emulator: $($_.Exception.Message)"
        }
        $script:report = Join-Path $outFolder "health-report-$EmulatorProfile.html"
        Remove-Item $report -ErrorAction Ignore
        $seq = Get-EmulatorSeq $emu
        $script:file = $healthy, $regressed | Export-VitalsReport -Path $report -PassThru
        $script:requestsForReport = @(Get-EmulatorLog $emu | Where-Object { $_.seq -gt $seq -and $_.route -in 'query', 'freshness' }).Count
        $script:html = Get-Content $report -Raw
    }
    AfterAll {
        Disconnect-Vitals
        Stop-VitalsEmulator $script:emu
    }

    Context 'the file' {
        It 'writes one self-contained HTML file from the health objects, asking the server nothing' {
            $file | Should -BeOfType [System.IO.FileInfo]
            $file.FullName | Should -Be $report
            $shown = $file | Out-String
            $shown | Should -BeLike "*Directory: $(Split-Path $report)*"
            # The long name wraps in a narrow table: the length column is what shows it is Get-Item's view.
            $shown | Should -Match "\s$((Get-Item $report).Length)\s"
            $requestsForReport | Should -Be 0
            $html | Should -Match '^<!DOCTYPE html>'
            ([regex]::Matches($html, '<section class="package"')).Count | Should -Be 2
            $html | Should -Match '<div class="banner good">\s*<h2>com\.example\.tvapp</h2>'
            $html | Should -Match '<div class="banner bad">\s*<h2>com\.example\.regressed</h2>'
            $html | Should -Not -Match '<script'
            $html | Should -Not -Match '(src|href)="(?!#)'
            $html | Should -Match "Content-Security-Policy`" content=`"default-src 'none'"
            @(Get-ChildItem $outFolder -Filter 'health-report-*.partial').Count | Should -Be 0
        }

        It 'lists the new and regressed issues first, each trace in a <details>, escaped' {
            $crash = $html.Substring($html.IndexOf('Crash issues of version 151 against 150: 1 new, 1 regressed'))
            $statuses = [regex]::Matches($crash.Substring(0, $crash.IndexOf('</table>')), '<span class="status s-(\w+)">') | ForEach-Object { $_.Groups[1].Value }
            $statuses | Should -Be @('new', 'regressed', 'persisting', 'persisting', 'persisting', 'gone')
            $html | Should -Match '<details><summary>Full trace</summary><pre>java\.lang\.IllegalArgumentException: Unexpected markup in a title: &lt;script&gt;document\.title=&#39;injected&#39;&lt;/script&gt;'
        }

        It 'takes several health objects through -InputObject too' {
            $path = Join-Path $TestDrive 'input-object.html'
            Export-VitalsReport -InputObject $regressed, $healthy -Path $path
            $both = Get-Content $path -Raw
            ([regex]::Matches($both, '<section class="package"')).Count | Should -Be 2
            $both.IndexOf('com.example.regressed</h2>') | Should -BeLessThan $both.IndexOf('com.example.tvapp</h2>')
        }

        It 'checks package names itself, with Get-VitalsHealth''s defaults' {
            $path = Join-Path $TestDrive 'by-name.html'
            $seq = Get-EmulatorSeq $emu
            'com.example.tvapp', 'com.example.regressed' | Export-VitalsReport -Path $path
            # Freshness is cached: 3 rate queries and 2 issues queries per package.
            @(Wait-EmulatorRequest $emu -After $seq -Count 10).Count | Should -Be 10
            $byName = Get-Content $path -Raw
            ([regex]::Matches($byName, '<section class="package"')).Count | Should -Be 2
            $byName | Should -Match 'com\.example\.regressed</h2>\s*<p class="status">Not healthy'
        }

        It 'refuses a serialized health object and a summary row, and writes nothing when nothing is left' {
            $path = Join-Path $TestDrive 'refused.html'
            $clixml = Join-Path $TestDrive 'health.xml'
            $healthy | Export-Clixml $clixml
            $copy = Import-Clixml $clixml
            $summary = Get-VitalsHealth com.example.tvapp -Top 0 -AsSummary | Select-Object -First 1
            $failure = $null
            try { $copy, $summary | Export-VitalsReport -Path $path -ErrorVariable refused -ErrorAction SilentlyContinue }
            catch { $failure = $_ }
            $ids = @($refused.FullyQualifiedErrorId)
            $ids[0] | Should -BeLike 'HealthObjectDeserialized,*'
            $ids[1] | Should -BeLike 'HealthSummaryNotReportable,*'
            $failure.FullyQualifiedErrorId | Should -BeLike 'NothingToReport,*'
            # It agrees with the errors before it: objects came, and were refused.
            $failure.Exception.Message | Should -Match 'None of the 2 input'
            $failure.Exception.Message | Should -Not -Match 'No health object was received'
            Test-Path $path | Should -BeFalse
            @(Get-ChildItem $TestDrive -Filter 'refused.html*').Count | Should -Be 0
        }

        It 'honours -NoClobber and -WhatIf' {
            $path = Join-Path $TestDrive 'kept.html'
            Set-Content $path 'old'
            { $healthy | Export-VitalsReport -Path $path -NoClobber } | Should -Throw -ErrorId 'FileExists*'
            $healthy | Export-VitalsReport -Path $path -WhatIf
            Get-Content $path -Raw | Should -Match '^old'
            $healthy | Export-VitalsReport -Path $path -Title 'Nightly <check>'
            Get-Content $path -Raw | Should -Match '<h1>Nightly &lt;check&gt;</h1>'
        }
    }

    Context 'in headless Chromium' {
        BeforeAll {
            if ($chromium) {
                $script:page = Invoke-Chromium $chromium $report
                $script:noScript = Invoke-ChromiumDevTools $chromium $report
                $script:png = Join-Path $outFolder "health-report-$EmulatorProfile.png"
                Remove-Item $png -ErrorAction Ignore
                $script:shot = Invoke-Chromium $chromium $report -Extra "--screenshot=$png", '--window-size=1200,2400'
            }
        }

        It 'renders one chart per measure, each with the newest, the previous, the previous version''s rates on the newest one''s devices, and all versions' {
            if (-not $chromium) { Set-ItResult -Skipped -Because $browser.Reason; return }
            $page.Dom | Should -Match '<section class="package"'
            $rendered = @(Get-Charts $page.Dom)
            $rendered.Package | Should -Be @('com.example.tvapp', 'com.example.regressed')
            foreach ($health in $healthy, $regressed) {
                $charts = ($rendered | Where-Object Package -EQ $health.PackageName).Charts
                $served = @($health.Measures | Where-Object Verdict -NE 'NotAvailable')
                $charts.Count | Should -Be $served.Count
                $served.Count | Should -Be 3
                for ($i = 0; $i -lt $served.Count; $i++) {
                    # The adjusted line needs a comparison: both versions on shared settled days.
                    $adjusted = [int]($served[$i].ComparedDays -gt 0)
                    $expected = 1 + [int]($null -ne $served[$i].NewVersion) + [int]($null -ne $served[$i].PreviousVersion) + $adjusted
                    $expected | Should -Be 4
                    $charts[$i].Declared | Should -Be $expected
                    $charts[$i].Drawn | Should -Be $expected
                }
            }
        }

        It 'logs no console errors (and the log does show them on a page that has them)' {
            if (-not $chromium) { Set-ItResult -Skipped -Because $browser.Reason; return }
            Get-ConsoleMessage $page.Log | Should -BeNullOrEmpty
            # The check can fail: a page with a script error and a blocked load writes both to the log.
            $bad = Join-Path $TestDrive 'bad.html'
            Set-Content $bad "<!DOCTYPE html><meta http-equiv=`"Content-Security-Policy`" content=`"default-src 'none'; script-src 'unsafe-inline'`"><img src=`"http://127.0.0.1:9/x.png`"><script>console.error('boom'); missing();</script>"
            @(Get-ConsoleMessage (Invoke-Chromium $chromium $bad).Log).Count | Should -BeGreaterThan 1
        }

        It 'keeps a <script> inside a trace as text' {
            if (-not $chromium) { Set-ItResult -Skipped -Because $browser.Reason; return }
            # The DOM after the page ran: no script or injected element exists, the markup is text.
            $page.Dom | Should -Not -Match '<script'
            $page.Dom | Should -Not -Match '<img'
            $page.Dom | Should -Not -Match 'data-injected'
            $page.Dom | Should -Match '&lt;script&gt;document\.title=''injected''&lt;/script&gt;'
            [regex]::Match($page.Dom, '<title>([^<]*)</title>').Groups[1].Value | Should -Match '^Release health: 2 package'
        }

        It 'works with scripts disabled: the same charts, tables and expandable traces' {
            if (-not $chromium) { Set-ItResult -Skipped -Because $browser.Reason; return }
            # The switch works: a page whose script would change it stays as written.
            $probe = Join-Path $TestDrive 'probe.html'
            Set-Content $probe "<!DOCTYPE html><title>before</title><p id=`"p`">static</p><script>document.title = 'ran'; document.getElementById('p').textContent = 'changed';</script>"
            $probed = Invoke-ChromiumDevTools $chromium $probe
            $probed.Dom | Should -Match '<title>before</title>'
            $probed.Dom | Should -Match '<p id="p">static</p>'
            # The report without script: everything a reader needs is there.
            $noScript.Dom | Should -Match '<section class="package"'
            (Get-Charts $noScript.Dom | ForEach-Object { $_.Charts.Drawn }) | Should -Be (Get-Charts $page.Dom | ForEach-Object { $_.Charts.Drawn })
            ([regex]::Matches($noScript.Dom, '<details>')).Count | Should -Be ([regex]::Matches($page.Dom, '<details>')).Count
            ([regex]::Matches($noScript.Dom, '<details>')).Count | Should -BeGreaterThan 10
            ([regex]::Matches($noScript.Dom, '<table class="measures">')).Count | Should -Be 2
            $noScript.Console | Should -BeNullOrEmpty
            $noScript.Screenshot.Length | Should -BeGreaterThan 10000
        }

        It 'writes a PNG screenshot to out/' {
            if (-not $chromium) { Set-ItResult -Skipped -Because $browser.Reason; return }
            Test-Path $png | Should -BeTrue -Because $shot.Log
            $bytes = [System.IO.File]::ReadAllBytes($png)
            $bytes[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
            $bytes.Length | Should -BeGreaterThan 50000
        }
    }
}
