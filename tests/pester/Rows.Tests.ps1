# The row objects of Invoke-VitalsQuery: one class per set of columns, made at run time (typed
# rows), and what users do with rows giving the same results as with the PSObjects the module
# writes where no class can be made (the fallback, forced here as Windows PowerShell 5.1 would take
# it). Once per emulator profile, like the Query tests.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    # The module's test hook (AmazonVitals.TestHooks, for tests only): the switch that forces
    # PSObject rows, and the class cache itself for the tests that need no server.
    function Set-TypedRows([bool] $On) { [AmazonVitals.TestHooks]::TypedRows = $On }
    function Get-RowFactory([string[]] $Names, [string[]] $Columns) { [AmazonVitals.TestHooks]::RowFactory($Names, $Columns) }
    function Get-RowTypesCount([ValidateSet('Made', 'Held')] [string] $Name) { [AmazonVitals.TestHooks]::"RowClasses$Name" }
    # What a user sees of a list of rows, as text: every column of every row, in order.
    function Show([object[]] $Rows) { if ($Rows) { $Rows | ConvertTo-Csv -NoTypeInformation } else { throw 'No rows to compare.' } }
}

Describe 'Row objects against the <EmulatorProfile> emulator' -ForEach @(@{ EmulatorProfile = 'Inferred' }, @{ EmulatorProfile = 'Strict' }) {
    BeforeAll {
        $script:emu = Start-VitalsEmulator -RateLimit 0 -Profile $EmulatorProfile
        Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50 }
        $script:latest = (Get-VitalsFreshness -MetricSet crashMetricSet).LatestDaily
        $script:query = @{
            MetricSet = 'crashMetricSet'; Dimension = 'countryCode', 'versionCode'; Metric = 'crashRate', 'crashCount', 'userPerceivedCrashRate'
            StartTime = $latest.AddDays(-1); EndTime = $latest.AddDays(1)
        }
        $script:columns = 'PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'countryCode', 'versionCode', 'crashRate', 'crashCount', 'userPerceivedCrashRate'
        $script:typed = @(Invoke-VitalsQuery @query)
        Set-TypedRows $false
        try { $script:plain = @(Invoke-VitalsQuery @query) } finally { Set-TypedRows $true }
    }
    AfterAll {
        Set-TypedRows $true
        Disconnect-Vitals
        Stop-VitalsEmulator $script:emu
    }

    Context 'typed rows' {
        It 'are objects of a sealed class whose base is AmazonVitals.MetricRow, named for its columns first in PSTypeNames' {
            $typed.Count | Should -BeGreaterThan 10
            $row = $typed[0]
            $row | Should -BeOfType [AmazonVitals.MetricRow]
            ($row -is [AmazonVitals.MetricRow]) | Should -BeTrue
            $row.GetType().IsSealed | Should -BeTrue
            $row.GetType().BaseType | Should -Be ([AmazonVitals.MetricRow])
            # A name of its own, which its table view keys on, then the base's, which scripts test.
            $row.PSObject.TypeNames[0] | Should -Match '^AmazonVitals\.MetricRow#[0-9a-f]{16}$'
            $row.PSObject.TypeNames[1] | Should -Be 'AmazonVitals.MetricRow'
            $row.GetType().FullName | Should -Be $row.PSObject.TypeNames[0]
            $other = Invoke-VitalsQuery @query -Metric crashRate -First 1
            $other.PSObject.TypeNames[0] | Should -Not -Be $row.PSObject.TypeNames[0]
            $other.PSObject.TypeNames[1] | Should -Be 'AmazonVitals.MetricRow'
        }

        It 'have real properties in column order, in .NET reflection and in PowerShell alike' {
            $row = $typed[0]
            $row.GetType().GetProperties().Name | Should -Be $columns
            $row.PSObject.Properties.Name | Should -Be $columns
            @($row.PSObject.Properties | Where-Object MemberType -NE 'Property').Count | Should -Be 0
        }

        It 'type their values: text, a UTC DateTime, Int64 counts and Double rates, $null where the server sent none' {
            $row = $typed[0]
            $row.GetType().GetProperty('crashCount').PropertyType | Should -Be ([Nullable[long]])
            $row.GetType().GetProperty('crashRate').PropertyType | Should -Be ([Nullable[double]])
            $row.GetType().GetProperty('StartTime').PropertyType | Should -Be ([datetime])
            $row.StartTime.Kind | Should -Be 'Utc'
            $row.countryCode | Should -BeOfType [string]
            $row.crashCount | Should -BeOfType [long]
            $row.crashRate | Should -BeOfType [double]
            # The strict profile sends no userPerceivedCrashRate at all; the inferred one leaves it out of some rows.
            @($typed | Where-Object { $null -eq $_.userPerceivedCrashRate }).Count | Should -BeGreaterThan 0
        }

        It 'are one class per set of columns: the same query again reuses it' {
            $made = Get-RowTypesCount 'Made'
            $again = Invoke-VitalsQuery @query -First 1
            $again.GetType() | Should -Be $typed[0].GetType()
            Get-RowTypesCount 'Made' | Should -Be $made
            $other = Invoke-VitalsQuery @query -Metric crashRate -First 1
            $other.GetType() | Should -Not -Be $typed[0].GetType()
            $other.PSObject.Properties.Name | Should -Be ($columns[0..6])
        }

        It 'come out once each and in order when a page holds more rows than are made ahead of the pipeline, and stop mid-page when it has enough' {
            # One page of 40,000 rows: rows are made on a worker a few hundred ahead of the pipeline.
            $big = @{ MetricSet = 'crashMetricSet'; Dimension = 'versionCode', 'countryCode', 'deviceModel', 'deviceType', 'osVersion'; Metric = 'crashRate'; StartTime = $latest; EndTime = $latest.AddDays(1) }
            $all = @(Invoke-VitalsQuery @big)
            Set-TypedRows $false
            try { $plainAll = @(Invoke-VitalsQuery @big) } finally { Set-TypedRows $true }
            $all.Count | Should -BeGreaterThan 10000
            $all.Count | Should -Be $plainAll.Count
            Show $all | Should -Be (Show $plainAll)
            $first = Invoke-VitalsQuery @big | Select-Object -First 5
            Show $first | Should -Be (Show ($all | Select-Object -First 5))
            @(Invoke-VitalsQuery @big -First 1000 -Skip 3).Count | Should -Be 1000
        }

        It 'show in the table view of their columns, PSObject rows alike' {
            # Indexed, not Select-Object -First: that changes a PSObject's first type name.
            $text = $typed[0..1] | Out-String -Width 200
            $text | Should -Match '(?m)^StartTime \(UTC\) +countryCode +versionCode +crashRate +crashCount +userPerceivedCrashRate$'
            $text | Should -Match '(?m)^\d{4}-\d\d-\d\d 00:00 +[A-Z]{2} +\d+ +\d\.\d{3}% +\d+ +(\d\.\d{3}%)?$'
            $plain[0..1] | Out-String -Width 200 | Should -BeExactly $text
        }
    }

    Context 'the same results as PSObject rows' {
        It 'the fallback writes PSObjects with the same columns, says so with -Verbose, and keeps the type name' {
            $plain[0] | Should -BeOfType [System.Management.Automation.PSCustomObject]
            $plain[0].PSObject.TypeNames[0] | Should -Be $typed[0].PSObject.TypeNames[0]
            $plain[0].PSObject.TypeNames[1] | Should -Be 'AmazonVitals.MetricRow'
            $plain[0].PSObject.Properties.Name | Should -Be $columns
            Set-TypedRows $false
            try { $verbose = Invoke-VitalsQuery @query -First 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } }
            finally { Set-TypedRows $true }
            ($verbose.Message -join "`n") | Should -Match 'PSObjects'
        }

        It 'Export-Csv and ConvertTo-Csv: the same file' {
            $a = Join-Path $TestDrive 'typed.csv'
            $b = Join-Path $TestDrive 'plain.csv'
            $typed | Export-Csv $a
            $plain | Export-Csv $b
            Get-Content $a -Raw | Should -BeExactly (Get-Content $b -Raw)
            (Get-Content $a -First 1) | Should -Be (($columns | ForEach-Object { '"' + $_ + '"' }) -join ',')
            $typed | Export-Csv $a -IncludeTypeInformation
            $plain | Export-Csv $b -IncludeTypeInformation
            Get-Content $a -Raw | Should -BeExactly (Get-Content $b -Raw)
        }

        It 'ConvertTo-Json: the same JSON' {
            $typed | ConvertTo-Json | Should -BeExactly ($plain | ConvertTo-Json)
            $typed[0] | ConvertTo-Json -Compress | Should -BeExactly ($plain[0] | ConvertTo-Json -Compress)
        }

        It 'Where-Object, Sort-Object, Group-Object, Select-Object: the same rows and groups' {
            Show ($typed | Where-Object crashRate -GT 0.01) | Should -Be (Show ($plain | Where-Object crashRate -GT 0.01))
            Show ($typed | Where-Object { $null -eq $_.userPerceivedCrashRate }) | Should -Be (Show ($plain | Where-Object { $null -eq $_.userPerceivedCrashRate }))
            Show ($typed | Sort-Object crashRate, countryCode -Descending) | Should -Be (Show ($plain | Sort-Object crashRate, countryCode -Descending))
            $tg = $typed | Group-Object countryCode | ForEach-Object { "$($_.Name)=$($_.Count)" }
            $pg = $plain | Group-Object countryCode | ForEach-Object { "$($_.Name)=$($_.Count)" }
            $tg | Should -Be $pg
            Show ($typed | Select-Object versionCode, crashRate -First 5) | Should -Be (Show ($plain | Select-Object versionCode, crashRate -First 5))
            Show ($typed | Select-Object * -ExcludeProperty PackageName) | Should -Be (Show ($plain | Select-Object * -ExcludeProperty PackageName))
            Show ($typed | Select-Object *, @{ n = 'Pct'; e = { 100 * $_.crashRate } }) | Should -Be (Show ($plain | Select-Object *, @{ n = 'Pct'; e = { 100 * $_.crashRate } }))
            ($typed | Measure-Object crashCount -Sum).Sum | Should -Be ($plain | Measure-Object crashCount -Sum).Sum
        }

        It 'a row in a string reads as a PSCustomObject does' {
            "$($typed[0])" | Should -BeExactly "$($plain[0])"
            "$($typed[0])" | Should -Match '^@\{PackageName=com\.example\.tvapp; MetricSet=crashMetricSet; '
        }

        It 'setting a value works, and the value takes the column''s type' {
            $row = Invoke-VitalsQuery @query -First 1
            $row.crashRate = 1
            $row.crashRate | Should -BeOfType [double]
            $row.countryCode = 'XX'
            $row.countryCode | Should -Be 'XX'
            $row.crashCount = $null
            $row.crashCount | Should -BeNullOrEmpty
        }

        It 'Add-Member: the new property reads and converts the same; Export-Csv lists it first, before the row''s own columns' {
            $t = Invoke-VitalsQuery @query -First 2 | Add-Member -NotePropertyName Region -NotePropertyValue EU -PassThru
            Set-TypedRows $false
            try { $p = Invoke-VitalsQuery @query -First 2 | Add-Member -NotePropertyName Region -NotePropertyValue EU -PassThru }
            finally { Set-TypedRows $true }
            $t.Region | Should -Be @('EU', 'EU')
            @($t | Where-Object Region -EQ 'EU').Count | Should -Be 2
            $t | ConvertTo-Json | Should -BeExactly ($p | ConvertTo-Json)
            # PowerShell lists members added to a .NET object before its own properties (a
            # PSCustomObject's are all added members, so there the new one comes last). Same columns,
            # same values; only the place of the added column differs, as the help says.
            $tCsv = $t | ConvertTo-Csv
            ($tCsv[0] -split ',') | Should -Be (@('"Region"') + ($columns | ForEach-Object { '"' + $_ + '"' }))
            $tRows = $tCsv | ConvertFrom-Csv
            $pRows = $p | ConvertTo-Csv | ConvertFrom-Csv
            foreach ($name in $columns + 'Region') { $tRows.$name | Should -Be $pRows.$name }
        }
    }
}

Describe 'Row classes without a server' {
    It 'a column named with characters no C# name may have is a property PowerShell reads, writes to CSV and JSON' {
        $names = 'PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'device-model', 'a b', 'ünïcødé', '1st', 'crash-rate', 'crash.count'
        $factory = Get-RowFactory $names @('Text', 'Text', 'Text', 'Time', 'Text', 'Text', 'Text', 'Text', 'Rate', 'Count')
        $start = [datetime]::SpecifyKind([datetime]'2026-04-25', 'Utc')
        $row = $factory.Invoke($start, [string[]]@('p', 's', 'Daily', $null, 'AFTMM', 'x y', 'ü', 'one', $null, $null), [long[]]@(0, 0, 0, 0, 0, 0, 0, 0, 0, 42), [double[]]@(0, 0, 0, 0, 0, 0, 0, 0, 0.25, 0), [bool[]]@($false, $false, $false, $false, $false, $false, $false, $false, $true, $true))
        $row.PSObject.Properties.Name | Should -Be $names
        $row.GetType().GetProperties().Name | Should -Be $names
        $row.PackageName | Should -Be 'p'
        $row.AggregationPeriod | Should -Be 'Daily'
        $row.StartTime | Should -Be $start
        $row.'device-model' | Should -Be 'AFTMM'
        $row.'a b' | Should -Be 'x y'
        $row.'ünïcødé' | Should -Be 'ü'
        $row.'1st' | Should -Be 'one'
        $row.'crash-rate' | Should -Be 0.25
        $row.'crash.count' | Should -Be 42
        $row.'crash-rate' = 0.5
        $row.'crash-rate' | Should -Be 0.5
        ($row | ConvertTo-Csv)[0] | Should -Be (($names | ForEach-Object { '"' + $_ + '"' }) -join ',')
        ($row | ConvertTo-Json | ConvertFrom-Json).'crash.count' | Should -Be 42
        @($row | Where-Object 'device-model' -EQ 'AFTMM').Count | Should -Be 1
    }

    It 'a metric the row has no value for is $null, not 0' {
        $factory = Get-RowFactory @('PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'crashRate', 'crashCount') @('Text', 'Text', 'Text', 'Time', 'Rate', 'Count')
        $row = $factory.Invoke([datetime]::UtcNow, [string[]]@('p', 's', 'Daily', $null, $null, $null), [long[]]@(0, 0, 0, 0, 0, 7), [double[]]@(0, 0, 0, 0, 0.5, 0), [bool[]]@($false, $false, $false, $false, $false, $false))
        $row.crashRate | Should -BeNullOrEmpty
        $row.crashCount | Should -BeNullOrEmpty
        ($row | ConvertTo-Json | ConvertFrom-Json).crashCount | Should -BeNullOrEmpty
    }

    It 'a fixed column added to the column list is a property in its place, its value set like the others' {
        # The emitter knows no fixed column by name or count: one more in the column model is one more property.
        $names = 'PackageName', 'MetricSet', 'Region', 'AggregationPeriod', 'StartTime', 'deviceModel', 'crashRate'
        $factory = Get-RowFactory $names @('Text', 'Text', 'Text', 'Text', 'Time', 'Text', 'Rate')
        $start = [datetime]::SpecifyKind([datetime]'2026-04-25', 'Utc')
        $row = $factory.Invoke($start, [string[]]@('p', 's', 'EU', 'Daily', $null, 'AFTMM', $null), [long[]]::new(7), [double[]]@(0, 0, 0, 0, 0, 0, 0.25), [bool[]]@($false, $false, $false, $false, $false, $false, $true))
        $row.GetType().GetProperties().Name | Should -Be $names
        $row.GetType().GetProperty('StartTime').PropertyType | Should -Be ([datetime])
        $row.GetType().GetProperty('crashRate').PropertyType | Should -Be ([Nullable[double]])
        $row.StartTime | Should -Be $start
        ($row | Select-Object -ExcludeProperty StartTime | ConvertTo-Csv)[1] | Should -Be '"p","s","EU","Daily","AFTMM","0.25"'
    }

    It 'keeps at most 64 classes however many different column lists a session asks for, and reuses a kept one' {
        $made = Get-RowTypesCount 'Made'
        $first = Get-RowFactory @('PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'bound-0') @('Text', 'Text', 'Text', 'Time', 'Rate')
        foreach ($i in 1..70) {
            $null = Get-RowFactory @('PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', "bound-$i") @('Text', 'Text', 'Text', 'Time', 'Rate')
            Get-RowTypesCount 'Held' | Should -BeLessOrEqual 64
        }
        Get-RowTypesCount 'Made' | Should -Be ($made + 71)
        $last = Get-RowFactory @('PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'bound-70') @('Text', 'Text', 'Text', 'Time', 'Rate')
        Get-RowTypesCount 'Made' | Should -Be ($made + 71)
        # The first was pushed out by the 64 after it, so asking again makes it anew.
        $again = Get-RowFactory @('PackageName', 'MetricSet', 'AggregationPeriod', 'StartTime', 'bound-0') @('Text', 'Text', 'Text', 'Time', 'Rate')
        Get-RowTypesCount 'Made' | Should -Be ($made + 72)
        $again.Method.DeclaringType | Should -Not -Be $first.Method.DeclaringType
        $last | Should -Not -BeNullOrEmpty
    }
}
