# Runs a query through the netstandard2.0 client that Windows PowerShell 5.1 loads, on .NET, in a load
# context of its own: its .NET Framework code paths (HttpClientHandler, polyfills) against the emulator.
param($BaseUri, $TokenUri, $ModulePath)
$folder = Join-Path $ModulePath "Dependencies/Desktop"
$alc = [System.Runtime.Loader.AssemblyLoadContext]::new('desktop-build', $false)
$alc.add_Resolving({ param($ctx, $name) $p = Join-Path $folder ($name.Name + '.dll'); if (Test-Path $p) { $ctx.LoadFromAssemblyPath($p) } else { $null } })
$client = $alc.LoadFromAssemblyPath((Join-Path $folder 'AmazonVitals.Client.dll'))
$client.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false).FrameworkName
$secret = [securestring]::new(); "emulator-secret".ToCharArray() | % { $secret.AppendChar($_) }
$optionsType = $client.GetType('AmazonVitals.Client.VitalsClientOptions')
$options = $optionsType.GetConstructors()[0].Invoke([object[]]@('emulator-client', $secret.psobject.BaseObject))
$options.BaseUri = [uri]$BaseUri; $options.TokenUri = [uri]$TokenUri; $options.RequestsPerSecond = 50
$vc = $client.GetType('AmazonVitals.Client.VitalsClient')::Create($options)
$trace = $client.GetType('AmazonVitals.Client.Diagnostics.NullTrace')::Instance
$queryType = $client.GetType('AmazonVitals.Client.Model.MetricQuery')
$q = $queryType.GetConstructors()[0].Invoke([object[]]@('com.example.tvapp', 'crashMetricSet'))
$plan = $vc.PlanAsync($q, $null, $trace, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
$reader = $vc.OpenQuery($plan, $trace, [Threading.CancellationToken]::None)
$page = $reader.ReadAsync().GetAwaiter().GetResult()
"ROWS $($page.Count)"
[AppDomain]::CurrentDomain.GetAssemblies() | ? { [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name -eq 'desktop-build' } | % { $_.GetName().Name }
