using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace AmazonVitals;

/// <summary>
/// Loads the client and its dependencies (Polly and friends) into the module's own
/// AssemblyLoadContext, following Microsoft's pattern for resolving module assembly conflicts:
/// another module that loaded a different Polly, before or after us, keeps its own.
/// </summary>
/// <remarks>
/// The cmdlet assembly lives in the default context and references only AmazonVitals.Client.
/// The client and everything it needs sit in the Dependencies folder, which PowerShell never
/// probes; the default context's Resolving event hands AmazonVitals.Client, and only it, to our
/// context, which then loads the client's own references from that folder.
///
/// The handler is installed by a module initializer rather than IModuleAssemblyInitializer.OnImport:
/// Import-Module reflects over the cmdlets' parameter types (AggregationPeriod, ReportType live in
/// the client) before OnImport runs. A module initializer runs when this assembly loads, before
/// any of its types is touched. It stays installed for the life of the process, because the
/// assembly does too (Remove-Module cannot unload it), and a re-import must still resolve.
/// </remarks>
internal static class ModuleInit
{
    private const string ClientAssembly = "AmazonVitals.Client";

    private static readonly string s_dependencies =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInit).Assembly.Location)!, "Dependencies");

    private static readonly DependencyLoadContext s_context = new(s_dependencies);

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "A PowerShell module must route its dependencies before PowerShell reflects over its cmdlets.")]
    internal static void Initialize() => AssemblyLoadContext.Default.Resolving += ResolveClient;

    private static Assembly? ResolveClient(AssemblyLoadContext context, AssemblyName name) =>
        string.Equals(name.Name, ClientAssembly, StringComparison.Ordinal) ? s_context.LoadFromAssemblyName(name) : null;

    private sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public DependencyLoadContext(string folder) : base("AmazonVitals", isCollectible: false) => _folder = folder;

        // Our folder first; anything not there (the framework) comes from the default context.
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
