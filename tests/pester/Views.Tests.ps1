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
