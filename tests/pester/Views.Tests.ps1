# The default views through the built module against the emulator, as a log (80 columns) and a
# console (120 columns) show them: what must be visible, and that nothing wraps at 80.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.regressed'; RequestsPerSecond = 50 }
    $script:health = Get-VitalsHealth com.example.regressed -ErrorAction Stop
    function script:Lines([string] $text) { @($text -split "`r?`n" | Where-Object { $_ -ne '' }) }
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'The Get-VitalsHealth report card' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
    BeforeAll { $script:card = $health | Out-String -Width $Width }

    It 'names each change for what it compares, at <Width> columns' {
        $card | Should -Match '(?m)^Measure\s+Verdict\s+Window\s+Baseline\s+vs baseline\s+User-perceived$'
        $card | Should -Match '(?m)^Crash\s+Regressed\s+\d+\.\d{3}%\s+\d+\.\d{3}%\s+[+-]\d+\.\d%\s+\d+\.\d{3}%$'
        $card | Should -Match '(?m)^  vs previous version: 151 \d+\.\d{3}% against 150 \d+\.\d{3}%$'
        $card | Should -Match '(?m)^    per device \+\d+\.\d% \(\+\d+\.\d% to \+\d+\.\d%\), p < 0\.0001$'
    }

    It 'fits 80 columns whatever the width, so a log and a console read alike (<Width>)' {
        foreach ($line in (Lines $card)) { $line.Length | Should -BeLessOrEqual 80 -Because $line }
        $card | Should -Match '(?m)^Window   \d{4}-\d\d-\d\d \.\. \d{4}-\d\d-\d\d \(7 days to the latest Daily data\)$'
        $card | Should -Match '(?m)^Baseline \d{4}-\d\d-\d\d \.\. \d{4}-\d\d-\d\d$'
    }

    It 'says which provisional day the version test leaves out (<Width>)' {
        $day = $health.WindowEnd.AddDays(-1).ToString('yyyy-MM-dd')
        $card | Should -Match ("Versions compared on settled days only: $day \(provisional\) left out of\s+the version test, so a version's rate here differs from a plain query's\.")
    }

    It 'tells issues apart: per 1,000 device-days, the change, and the app frame (<Width>)' {
        $card | Should -Match '(?m)^  Status\s+Events\s+Previous\s+Per 1k\s+Change\s+Trace \(first line\), app frame$'
        $card | Should -Match '(?m)^  New\s+\d+\s+0\s+\d+\.\d\d\s+new  NumberFormatException: '
        $card | Should -Match '(?m)^  Regressed\s+\d+\s+\d+\s+\d+\.\d\d\s+\+\d+\.\d%  NullPointerException: '
        $card | Should -Match '(?m)^\s{45}at LicenseSession\.render:99$'
        $card | Should -Match '(?m)^  Gone\s+0\s+\d+\s+\d+\.\d\d\s+gone  NullPointerException: '
        $card | Should -Match '(?m)^\s{45}at SyncWorker\.query:246$'
        # A long first line is cut with an ellipsis, never wrapped mid-word.
        $card | Should -Match "NullPointerException: Attempt to $([char]0x2026)"
    }
}

Describe 'The issue table ($h.CrashIssues)' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
    It 'shows events per 1,000 device-days, the change and the app frame at <Width> columns' {
        $table = $health.CrashIssues | Out-String -Width $Width
        $table | Should -Match '(?m)^Status\s+Type\s+Events\s+Per 1k\s+Change\s+App frame\s+Trace$'
        $table | Should -Match '(?m)^Regressed\s+Crash\s+\d+\s+\d+\.\d\d\s+\+\d+\.\d%\s+LicenseSession\.render:99\s+NullPoint'
        $table | Should -Match '(?m)^Gone\s+Crash\s+\d+\s+\d+\.\d\d\s+gone\s+SyncWorker\.query:246\s+NullPoint'
        foreach ($line in (Lines $table)) { $line.Length | Should -BeLessOrEqual $Width }
        $table | Should -Not -Match '(?m)^\s+\S+\)$' -Because 'no header wraps'
        $health.CrashIssues[0].AppFrame | Should -Match '^com\.example\.regressed\.[\w.]+\(\w+\.java:\d+\)$'
    }
}

Describe 'The Invoke-VitalsQuery row table at 120 columns' {
    BeforeAll {
        # The header line, and the rows' lines, of a rendered row table.
        function script:Table([string] $text) {
            $lines = Lines $text
            $at = [array]::FindIndex([string[]]$lines, [Predicate[string]] { $args[0] -match '^StartTime \(UTC\)' })
            $at | Should -BeGreaterOrEqual 0 -Because $text
            [pscustomobject]@{ Header = $lines[$at]; Rule = $lines[$at + 1]; Rows = @($lines | Select-Object -Skip ($at + 2)); All = $lines }
        }
        # Each named column's values stand under its header, from the header's first character
        # (left-aligned text) or ending at its last (right-aligned numbers).
        function script:Under($table, $rows, [string[]] $names, [switch] $Right) {
            foreach ($name in $names) {
                $start = $table.Header.IndexOf($name)
                $start | Should -BeGreaterThan 0 -Because "$name is a header: $($table.Header)"
                $table.Rule.Substring($start, $name.Length) | Should -Match '^-+$' -Because "$name is one header, not wrapped"
                for ($i = 0; $i -lt $rows.Count; $i++) {
                    $value = $rows[$i].$name
                    if ($value -is [double]) { $value = '{0:0.000}%' -f (100 * $value) }
                    if ($Right) { $table.Rows[$i].Substring(0, $start + $name.Length) | Should -Match ([regex]::Escape("$value") + '$') }
                    else { $table.Rows[$i].Substring($start) | Should -Match ('^' + [regex]::Escape("$value") + '( |$)') }
                }
            }
        }
        $script:five = 'versionCode', 'countryCode', 'deviceModel', 'deviceType', 'osVersion'
    }

    It 'shows each dimension as a column headed by its name, its values under it, rates as percentages' {
        $rows = @(Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension deviceModel, versionCode, countryCode -Metric crashRate, crashCount -First 6)
        $table = Table ($rows | Out-String -Width 120)
        $table.Header | Should -Match '^StartTime \(UTC\) +deviceModel +versionCode +countryCode +crashRate +crashCount$'
        $table.Rows.Count | Should -Be 6
        Under $table $rows 'deviceModel', 'versionCode', 'countryCode'
        Under $table $rows 'crashRate', 'crashCount' -Right
        $table.Rows[0] | Should -Match '^\d{4}-\d\d-\d\d 00:00 '
        # Only the view changes: the objects keep the fractions.
        $rows[0].crashRate | Should -BeOfType [double]
        $rows[0].crashRate | Should -BeLessThan 0.1
    }

    It 'sizes a dimension column to its values: as wide as the longest, or its name' {
        $rows = @(Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension deviceType, countryCode -Metric crashRate -First 4)
        $table = Table ($rows | Out-String -Width 120)
        # deviceType's values (AMAZON_FIRE_TV) are longer than its name; countryCode's (US) shorter.
        $table.Header | Should -Match '^StartTime \(UTC\) +deviceType {5}countryCode crashRate$'
        Under $table $rows 'deviceType', 'countryCode'
    }

    It 'keeps every default metric within 120 columns, showing the first that fit in the order asked for (<Dimensions.Count> dimensions)' -ForEach @(
        @{ Dimensions = @('versionCode', 'countryCode') }, @{ Dimensions = @('versionCode', 'countryCode', 'deviceModel', 'deviceType', 'osVersion') }) {
        $rows = @(Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension $Dimensions -First 4)
        $metrics = @($rows[0].PSObject.Properties.Name | Select-Object -Skip (4 + $Dimensions.Count))
        $metrics.Count | Should -Be 8
        $table = Table ($rows | Out-String -Width 120)
        foreach ($line in $table.All) { $line.Length | Should -BeLessOrEqual 120 -Because $line }
        $table.Rows.Count | Should -Be 4 -Because 'no row wraps onto a second line'
        Under $table $rows $Dimensions
        $shown = @($metrics | Where-Object { $table.Header -match "(^| )$_( |$)" })
        $shown.Count | Should -BeGreaterThan 0
        $shown.Count | Should -BeLessThan 8
        Under $table $rows $shown -Right
        # The header is StartTime, the dimensions, then the metrics shown, in the order asked for.
        ($table.Header -split ' +') | Should -Be (@('StartTime', '(UTC)') + $Dimensions + $shown)
    }

    It 'holds the first rows only until the view is in place: -IncludeTotalCount still comes last, with rows and without' {
        $out = @(Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension versionCode -Metric crashRate -First 3 -IncludeTotalCount)
        $out.Count | Should -Be 4
        $out[0..2] | ForEach-Object { $_ -is [AmazonVitals.MetricRow] | Should -BeTrue }
        $out[3] | Should -BeOfType [uint64]
        $none = @(Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension countryCode -Metric crashRate -Filter @{ countryCode = 'ZZ' } -IncludeTotalCount -WarningAction SilentlyContinue)
        $none.Count | Should -Be 1
        $none[0] | Should -BeOfType [uint64]
        $none[0] | Should -Be 0
    }

    It 'says with -Verbose how many columns the view leaves out, and how to see them' {
        $verbose = Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension $five -First 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'leaves out \d+ of the dimensions and metrics .*Format-List \*.*Select-Object'
    }

    It 'the help says what the view shows and how to see the rest' {
        $help = Get-Help Invoke-VitalsQuery -Full | Out-String -Width 200
        $help | Should -Match 'column per dimension'
        $help | Should -Match '120 columns'
        $help | Should -Match 'Format-List \*'
        $help | Should -Match 'Select-Object'
    }

    It 'falls back to the manifest''s view where the session formatting the rows has no view for their columns' {
        # ForEach-Object -Parallel: the rows' view is added to the runspace that queried, and this
        # one formats them. The module's default session is process-wide, so that runspace is connected too.
        $module = Get-TestModulePath
        $rows = 1 | ForEach-Object -Parallel {
            Import-Module $using:module
            Invoke-VitalsQuery -MetricSet crashMetricSet -Dimension osVersion, countryCode -Metric crashRate -First 2
        }
        $text = $rows | Out-String -Width 120
        $text | Should -Match 'StartTime \(UTC\) +Breakdown +Metrics'
        $text | Should -Match 'osVersion=\S+ countryCode=[A-Z]{2}  crashRate=\d\.\d{3}%'
    }
}
