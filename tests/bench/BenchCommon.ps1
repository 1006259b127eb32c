# Shared by the child scripts: every child ends by printing one JSON line that the orchestrator
# reads, so the numbers come from the measured process itself (its own peak working set is
# reliable on Linux; a parent's view of an exited child is not).
function Write-BenchResult {
    param([Parameter(Mandatory)][string] $Kind, [Parameter(Mandatory)][System.Diagnostics.Stopwatch] $Stopwatch, [hashtable] $Extra = @{})
    $Stopwatch.Stop()
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    $self.Refresh()
    $result = [ordered]@{
        kind                = $Kind
        workSeconds         = [math]::Round($Stopwatch.Elapsed.TotalSeconds, 3)
        peakWorkingSetBytes = $self.PeakWorkingSet64
        cpuSeconds          = [math]::Round($self.TotalProcessorTime.TotalSeconds, 3)
    }
    foreach ($k in $Extra.Keys) { $result[$k] = $Extra[$k] }
    # The last line of standard output is the result; nothing may follow it.
    [Console]::Out.WriteLine(($result | ConvertTo-Json -Compress))
}

function Get-FloorValues {
    # The values the floors (rows D and FT) put in their rows: the emulator's dimension values in
    # its row order, and small tables of realistic metric values indexed by a counter, so the CSV
    # text has realistic widths with no per-row arithmetic beyond one counter.
    param([Parameter(Mandatory)][string] $StartDate)
    @{
        Versions   = 142..151 | ForEach-Object { [string]$_ }
        Countries  = -split 'US GB DE JP IN CA FR IT ES BR MX AU NL SE PL AT BE IE CH NZ'
        Models     = -split 'AFTKA AFTMM AFTSSS AFTKM AFTSS AFTT AFTN AFTR AFTA AFTKRT KFTRWI KFTRPWI KFSNWI KFMAWI KFONWI KFRAWI KFRAPWI KFQUWI KFTUWI KFGIWI'
        Types      = 'AMAZON_FIRE_TV', 'AMAZON_TABLETS'
        OsVersions = '7.6.9.1', '7.7.0.3', '8.1.2.4', '8.2.0.1', '1.1.3.0'
        Rates      = foreach ($k in 0..996) { [math]::Round(0.002 + ($k * 7919 % 1000) / 50000.0, 6) }
        Counts     = foreach ($k in 0..996) { [long]($k * 104729 % 5000) }
        First      = [datetime]::SpecifyKind([datetime]::ParseExact($StartDate, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture), 'Utc')
    }
}
