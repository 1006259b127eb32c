# Export-VitalsData's -Path: the checks that refuse it before any request, and the final rename,
# through the built module against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emu = Start-VitalsEmulator -RateLimit 0
    Connect-VitalsEmulator -Emulator $emu -With @{ PackageName = 'com.example.tvapp'; RequestsPerSecond = 50; MaxRetryCount = 1; MaxRetryDelaySec = 1 }
    # A fixed window, so that every export here writes the same rows.
    $day = [datetime]::SpecifyKind([datetime]::UtcNow.Date.AddDays(-4), 'Utc')
    $script:query = @{ MetricSet = 'crashMetricSet'; Dimension = 'versionCode', 'countryCode'; PageSize = 400; StartTime = $day; EndTime = $day.AddDays(2) }
    $script:reference = Join-Path $TestDrive 'reference.csv'
    Export-VitalsData @query -Path $reference

    function New-Folder([string] $Name) { New-Item -ItemType Directory (Join-Path $TestDrive $Name) }
    function Get-Partial([string] $Folder) { @(Get-ChildItem -LiteralPath $Folder -Filter *.partial) }

    function Assert-Refused {
        # The export is refused with this id and category, the message names $Names, and the
        # emulator saw no request at all (no token, freshness or query) after the refusal began.
        param([scriptblock] $Export, [string] $ErrorId, [string] $Category, [string] $Names)
        $seq = Get-EmulatorSeq $emu
        $record = $Export | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $record.CategoryInfo.Category | Should -Be $Category
        $record.Exception.Message | Should -Match ([regex]::Escape($Names))
        @(Get-EmulatorLog $emu | Where-Object seq -GT $seq) | Should -BeNullOrEmpty -Because 'the check comes before any request'
        $record
    }

    function Assert-PartialKept {
        # The one .partial file in $Folder holds the whole export, and the error names it.
        param($Record, [string] $Folder)
        $partial = Get-Partial $Folder
        $partial.Count | Should -Be 1
        $Record.Exception.Message | Should -Match ([regex]::Escape($partial[0].FullName))
        (Get-FileHash -LiteralPath $partial[0].FullName).Hash | Should -Be (Get-FileHash -LiteralPath $reference).Hash
    }
}
AfterAll {
    Disconnect-Vitals
    Stop-VitalsEmulator $script:emu
}

Describe 'Export-VitalsData -Path checks before any request' {
    It 'refuses <Path>, on the <Provider> provider' -ForEach @(
        @{ Path = 'Variable:\vitalsExportTarget'; Provider = 'Variable' }
        @{ Path = 'Env:\VITALS_EXPORT_TARGET'; Provider = 'Environment' }
        @{ Path = 'Function:\vitalsExportTarget'; Provider = 'Function' }
    ) {
        $record = Assert-Refused { Export-VitalsData @query -Path $Path } 'ExportPathNotFileSystem' 'InvalidArgument' $Path
        $record.Exception.Message | Should -Match $Provider
        $record.Exception.Message | Should -Match 'file-system path'
        Test-Path -LiteralPath $Path | Should -BeFalse
        # The provider path is a bare name: taken as a file, it would land in the process's folder.
        @(Get-ChildItem -LiteralPath ([Environment]::CurrentDirectory) -Filter '*xportTarget*' -ErrorAction Ignore) +
            @(Get-ChildItem -LiteralPath ([Environment]::CurrentDirectory) -Filter 'VITALS_EXPORT_TARGET*' -ErrorAction Ignore) | Should -BeNullOrEmpty
    }

    It 'refuses a -Path whose folder does not exist, and creates no folder' {
        $folder = Join-Path $TestDrive 'no-such-folder'
        $path = Join-Path $folder 'crash.csv'
        $record = Assert-Refused { Export-VitalsData @query -Path $path } 'ExportFolderNotFound' 'ObjectNotFound' $folder
        $record.Exception.Message | Should -Match 'New-Item -ItemType Directory'
        $record.TargetObject | Should -Be $path
        Test-Path -LiteralPath $folder | Should -BeFalse
    }

    It 'refuses a -Path that is an existing folder, and leaves it as it was' {
        $folder = New-Folder 'is-a-folder'
        $record = Assert-Refused { Export-VitalsData @query -Path $folder.FullName } 'ExportPathIsFolder' 'InvalidArgument' $folder.FullName
        $record.Exception.Message | Should -Match 'export\.csv'
        Get-ChildItem -LiteralPath $folder.FullName | Should -BeNullOrEmpty
        Get-Partial $TestDrive | Should -BeNullOrEmpty
    }

    It 'refuses an existing file with -NoClobber, as before' {
        $path = Join-Path (New-Folder 'exists') 'crash.csv'
        Set-Content -LiteralPath $path 'old'
        $null = Assert-Refused { Export-VitalsData @query -Path $path -NoClobber } 'FileExists' 'ResourceExists' $path
        Get-Content -LiteralPath $path | Should -Be 'old'
    }
}

# "Something appears at -Path during the run" without timing: ForEach-Object's -End block runs after
# Export-VitalsData has written every package and before its own end, where the rename happens.
#
# Only what really fails here (Linux, as root) is tested. rename(2) replaces a read-only file when
# its folder is writable, Linux has no mandatory locks, and a read-only folder does not stop root:
# none of those fails a rename here. A folder appearing at -Path makes the rename fail for anyone.
Describe 'Export-VitalsData final rename' {
    It 'with -NoClobber, does not replace a file that appeared during the run, and keeps the finished .partial file' {
        $folder = New-Folder 'appeared'
        $path = Join-Path $folder 'crash.csv'
        $record = {
            'com.example.tvapp' | ForEach-Object -Process { $_ } -End { Set-Content -LiteralPath $path 'appeared meanwhile' } |
                Export-VitalsData @query -Path $path -NoClobber
        } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike 'ExportRenameRefused,*'
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        $record.TargetObject | Should -Be $path
        $record.Exception.Message | Should -Match ([regex]::Escape($path))
        $record.Exception.Message | Should -Match 'Move-Item'
        Get-Content -LiteralPath $path | Should -Be 'appeared meanwhile'
        Assert-PartialKept $record $folder
    }

    It 'keeps the finished .partial file and names it when the rename fails: a folder appeared at -Path' {
        $folder = New-Folder 'folder-appeared'
        $path = Join-Path $folder 'crash.csv'
        $record = {
            'com.example.tvapp' | ForEach-Object -Process { $_ } -End { $null = New-Item -ItemType Directory $path } |
                Export-VitalsData @query -Path $path
        } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike 'ExportRenameFailed,*'
        $record.CategoryInfo.Category | Should -Be 'WriteError'
        $record.TargetObject | Should -Be $path
        $record.Exception.Message | Should -Match ([regex]::Escape($path))
        $record.Exception.InnerException | Should -BeOfType [System.IO.IOException]
        Test-Path -LiteralPath $path -PathType Container | Should -BeTrue
        Assert-PartialKept $record $folder
    }

    It 'still replaces an existing file without -NoClobber, and leaves no .partial file' {
        $folder = New-Folder 'replace'
        $path = Join-Path $folder 'crash.csv'
        Set-Content -LiteralPath $path 'old'
        $file = Export-VitalsData @query -Path $path -PassThru
        $file.FullName | Should -Be $path
        (Get-FileHash -LiteralPath $path).Hash | Should -Be (Get-FileHash -LiteralPath $reference).Hash
        Get-Partial $folder | Should -BeNullOrEmpty
    }
}
