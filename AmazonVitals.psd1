@{
    # The one source of the version: Directory.Build.props reads ModuleVersion from here
    # and stamps it on every assembly.
    ModuleVersion        = '0.1.0'
    GUID                 = '6c5e4b0e-3f7a-4d2e-9a51-1b7d2f9c8e31'
    RootModule           = 'AmazonVitals.dll'
    Author               = 'AmazonVitals contributors'
    CompanyName          = 'AmazonVitals contributors'
    Copyright            = '(c) AmazonVitals contributors. MIT licence.'
    Description          = 'Amazon Appstore Vitals API for PowerShell: crash, ANR and LMK rates and the top crash and ANR issues of Fire TV and Fire tablet apps, as flat objects ready for Where-Object, Sort-Object and Export-Csv.'
    # Windows PowerShell 5.1 (built, not tested: no Windows here), or PowerShell 7.4 and later
    # (tested on 7.6, Linux). PowerShellVersion cannot say "5.1, or 7.4 and later": PowerShell 7.0
    # to 7.3 (.NET older than 8, which the Core client targets) are refused at import by the module
    # itself (src/AmazonVitals/Compatibility.cs), with a message that names 7.4.
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('AmazonVitals.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Vitals'
        'Disconnect-Vitals'
        'Get-VitalsSession'
        'Get-VitalsFreshness'
        'Invoke-VitalsQuery'
        'Get-VitalsIssue'
        'Sync-VitalsHistory'
        'Get-VitalsHistory'
        'Export-VitalsData'
        'Get-VitalsHealth'
        'Assert-VitalsHealth'
        'Export-VitalsReport'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Amazon', 'Appstore', 'Vitals', 'FireTV', 'Crash', 'ANR', 'Reporting', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/amazonvitals/AmazonVitals'
            LicenseUri   = 'https://github.com/amazonvitals/AmazonVitals/blob/main/LICENSE'
            ReleaseNotes = 'Tested on PowerShell 7.4 and later (7.6, Linux); built but not tested on Windows PowerShell 5.1; PowerShell 7.0 to 7.3 are refused at import. See README.md.'
        }
    }
}
