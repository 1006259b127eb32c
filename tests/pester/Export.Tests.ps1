# Export-VitalsData through the built module against the emulator, once per emulator profile:
# Inferred (what the module was written against) and Strict (only what the reference documents).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:module = Get-TestModulePath
    $script:query = @{ MetricSet = 'crashMetricSet'; Dimension = 'versionCode', 'countryCode'; PageSize = 400 }
    function Get-Leftovers([string] $Folder) { @(Get-ChildItem $Folder -Filter *.partial) }
}

Describe 'Export-VitalsData against the <EmulatorProfile> emulator' -ForEach @(@{ EmulatorProfile = 'Inferred' }, @{ EmulatorProfile = 'Strict' }) {
    BeforeAll {
        $script:emu = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50; MaxRetryCount = 1; MaxRetryDelaySec = 1 }
    }
    AfterAll {
        Disconnect-Vitals
        Stop-VitalsEmulator $script:emu
    }

    Context 'export' {
        BeforeEach { Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null }

        It 'writes the columns of Invoke-VitalsQuery | Export-Csv, in the same order, with the same rows' {
            $path = Join-Path $TestDrive 'direct.csv'
            $viaObjects = Join-Path $TestDrive 'objects.csv'
            Export-VitalsData @query -Path $path
            Invoke-VitalsQuery @query | Export-Csv $viaObjects -NoTypeInformation
            (Get-Content $path -TotalCount 1) | Should -Be (Get-Content $viaObjects -TotalCount 1)
            $direct = Import-Csv $path
            $objects = Import-Csv $viaObjects
            $direct.Count | Should -Be $objects.Count
            $direct.Count | Should -BeGreaterThan 1000
            for ($i = 0; $i -lt $direct.Count; $i += 97) {
                $direct[$i].countryCode | Should -Be $objects[$i].countryCode
                [double]::Parse($direct[$i].crashRate, [cultureinfo]::InvariantCulture) | Should -Be ([double]::Parse($objects[$i].crashRate, [cultureinfo]::CurrentCulture))
                $direct[$i].distinctDevices | Should -Be $objects[$i].distinctDevices
            }
        }

        It 'uses the invariant culture and ISO-8601 UTC times, whatever the current culture' {
            $path = Join-Path $TestDrive 'de.csv'
            $culture = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = 'de-DE'
                $day = [datetime]::UtcNow.Date.AddDays(-2)
                Export-VitalsData @query -Path $path -StartTime $day -EndTime $day.AddDays(1)
            }
            finally { [cultureinfo]::CurrentCulture = $culture }
            $row = (Import-Csv $path)[0]
            $row.StartTime | Should -Match '^\d{4}-\d\d-\d\dT00:00:00Z$'
            $row.crashRate | Should -Match '^0\.\d+$'
        }

        It 'writes JSON Lines: one object per row, numbers as numbers, null where a value is missing' {
            $path = Join-Path $TestDrive 'rows.jsonl'
            Export-VitalsData @query -Dimension versionCode, countryCode, deviceModel -Format JsonLines -Path $path
            $lines = Get-Content $path
            $rows = $lines | ConvertFrom-Json
            $rows.Count | Should -Be $lines.Count
            $rows[0].crashRate | Should -BeOfType [double]
            $rows[0].distinctDevices | Should -BeOfType [long]
            @($rows | Where-Object { $null -eq $_.userPerceivedCrashRate }).Count | Should -BeGreaterThan 0
        }

        It 'writes no row of a page that broke after some of its rows were written (<Case>), and the retried page once' -ForEach @(
            @{ Case = 'cut short'; Tail = '{"startTime":{"year":20' }
            @{ Case = 'not JSON'; Tail = '{"startTime":{"year":2026,"month":4,"day":20}}}' }
        ) {
            # Rows are written as each page is checked: the broken page's first rows (versionCode
            # 999) are in its buffer when the break is found, and must go with it.
            $path = Join-Path $TestDrive 'broken-page.csv'
            $clean = Join-Path $TestDrive 'clean-page.csv'
            Invoke-EmulatorControl $emu -Path log -Method DELETE | Out-Null
            Export-VitalsData @query -Path $clean
            $pages = @(Get-EmulatorLog $emu | Where-Object route -EQ 'query').Count
            Invoke-EmulatorControl $emu -Path log -Method DELETE | Out-Null
            $row = '{"startTime":{"year":2026,"month":4,"day":20},"dimensions":[{"name":"versionCode","value":"999"},{"name":"countryCode","value":"ZZ"}],"metrics":[{"name":"crashRate","value":"0.5"}]}'
            Add-EmulatorFault $emu @{ on = 'query'; nth = 2; kind = 'body'; body = ('{"rows":[' + (@($row) * 50 -join ',') + ',' + $Tail) }
            Export-VitalsData @query -Path $path
            $log = @(Get-EmulatorLog $emu | Where-Object route -EQ 'query')
            $log.Count | Should -Be ($pages + 1) -Because 'the broken second page is fetched again'
            @(Import-Csv $path | Where-Object versionCode -EQ '999').Count | Should -Be 0
            Get-Content $path -Raw | Should -BeExactly (Get-Content $clean -Raw)
        }

        It 'leaves no file and no partial file when the run fails' {
            $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'fail')
            $path = Join-Path $folder 'never.csv'
            Add-EmulatorFault $emu @{ on = 'query'; nth = 2; count = 5; kind = 'status'; status = 503 }
            { Export-VitalsData @query -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'UNAVAILABLE,*'
            Test-Path $path | Should -BeFalse
            Get-Leftovers $folder | Should -BeNullOrEmpty
        }

        It 'keeps a package''s rows all or none: one failing mid-way is cut out, the others are whole' {
            $path = Join-Path $TestDrive 'packages.csv'
            $tvRows = @(Invoke-VitalsQuery @query -PackageName com.example.tvapp).Count
            # The tablet's second page fails on both attempts (MaxRetryCount 1); its first page must not stay in the file.
            Add-EmulatorFault $emu @{ on = 'query'; nth = [int][math]::Ceiling($tvRows / 400) + 2; count = 2; kind = 'status'; status = 503 }
            'com.example.tvapp', 'com.example.tablet', 'com.example.regressed' |
                Export-VitalsData @query -Path $path -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].TargetObject | Should -Be 'com.example.tablet'
            $groups = Import-Csv $path | Group-Object PackageName
            $groups.Name | Should -Be @('com.example.regressed', 'com.example.tvapp')
            ($groups | Where-Object Name -EQ 'com.example.tvapp').Count | Should -Be $tvRows
        }

        It 'keeps the header when the first package fails, and an existing file when every package fails' {
            $path = Join-Path $TestDrive 'first-fails.csv'
            'com.example.nosuch', 'com.example.tablet' | Export-VitalsData @query -Path $path -ErrorAction SilentlyContinue
            Get-Content $path -TotalCount 1 | Should -Match '^"PackageName"'
            (Import-Csv $path).PackageName | Sort-Object -Unique | Should -Be 'com.example.tablet'
            Set-Content $path 'keep me'
            'com.example.nosuch', 'com.example.nodata' | Export-VitalsData @query -Path $path -ErrorAction SilentlyContinue
            Get-Content $path | Should -Be 'keep me'
            Get-Leftovers $TestDrive | Should -BeNullOrEmpty
        }

        It 'leaves no file when stopped mid-run' {
            $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'stop')
            $path = Join-Path $folder 'stopped.csv'
            Add-EmulatorFault $emu @{ on = 'query'; nth = 2; kind = 'slow'; delayMs = 60000 }
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$module'; Export-VitalsData -MetricSet crashMetricSet -Dimension versionCode, countryCode -PageSize 400 -Path '$path'")
                $null = $ps.BeginInvoke()
                Start-Sleep -Milliseconds 2000
                Get-Leftovers $folder | Should -Not -BeNullOrEmpty
                $ps.Stop()
            }
            finally {
                $ps.Dispose()
                Invoke-EmulatorControl $emu -Path faults -Method DELETE | Out-Null
            }
            Test-Path $path | Should -BeFalse
            Get-Leftovers $folder | Should -BeNullOrEmpty
        }

        It 'refuses to replace a file with -NoClobber, and replaces it otherwise' {
            $path = Join-Path $TestDrive 'exists.csv'
            Set-Content $path 'old'
            { Export-VitalsData @query -Path $path -NoClobber } | Should -Throw -ErrorId 'FileExists,*'
            Get-Content $path | Should -Be 'old'
            $file = Export-VitalsData @query -Path $path -PassThru
            $file.FullName | Should -Be $path
            # Displayed as Get-Item's is: the provider's notes are there, so the folder heads it.
            $file.PSParentPath | Should -Not -BeNullOrEmpty
            $shown = $file | Out-String
            $shown | Should -BeLike "*Directory: $TestDrive*"
            $shown | Should -Match "\s$((Get-Item $path).Length)\s+exists\.csv"
            Get-Content $path -TotalCount 1 | Should -Match '^"PackageName"'
        }

        It 'writes nothing with -WhatIf' {
            $path = Join-Path $TestDrive 'whatif.csv'
            Export-VitalsData @query -Path $path -WhatIf
            Test-Path $path | Should -BeFalse
        }
    }
}
