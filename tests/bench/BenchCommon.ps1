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
