using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
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
/// </remarks>
public sealed class ModuleInit : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string ClientAssembly = "AmazonVitals.Client";

    private static readonly string s_dependencies =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInit).Assembly.Location)!, "Dependencies");

    private static readonly DependencyLoadContext s_context = new(s_dependencies);

    /// <inheritdoc />
    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveClient;

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo module) => AssemblyLoadContext.Default.Resolving -= ResolveClient;

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
