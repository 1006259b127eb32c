using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace AmazonVitals;

/// <summary>
/// Routes the client and its dependencies (Polly and friends) to the build made for the running
/// edition, and on PowerShell 7 into the module's own AssemblyLoadContext, following Microsoft's
/// pattern for resolving module assembly conflicts: another module that loaded a different
/// Polly, before or after us, keeps its own.
/// </summary>
/// <remarks>
/// The cmdlet assembly (netstandard2.0, one for both editions) lives in the default context and
/// references only AmazonVitals.Client. The client and everything it needs sit in
/// Dependencies/Core (net8.0) and Dependencies/Desktop (netstandard2.0), which PowerShell never
/// probes. The handler is installed by a module initializer rather than
/// IModuleAssemblyInitializer.OnImport: Import-Module reflects over the cmdlet types before
/// OnImport runs. It stays installed for the life of the process, because the assembly does
/// too (Remove-Module cannot unload it), and a re-import must still resolve.
/// </remarks>
internal static class ModuleInit
{
    internal const string ClientAssembly = "AmazonVitals.Client";

    private static readonly string s_dependencies =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInit).Assembly.Location)!, "Dependencies");

    /// <summary>PowerShell 7 runs on .NET (System.Private.CoreLib); Windows PowerShell on .NET Framework (mscorlib).</summary>
    internal static bool IsCore => string.Equals(typeof(object).Assembly.GetName().Name, "System.Private.CoreLib", StringComparison.Ordinal);

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "A PowerShell module must route its dependencies before PowerShell reflects over its cmdlets.")]
    internal static void Initialize()
    {
        // Separate classes, so the JIT meets AssemblyLoadContext only on PowerShell 7.
        if (IsCore)
            CoreLoader.Install(Path.Combine(s_dependencies, "Core"));
        else
            DesktopLoader.Install(Path.Combine(s_dependencies, "Desktop"));
    }
}

/// <summary>
/// Runs the module initializer at import. Without it the initializer waits for the first code of
/// this assembly to run (a cmdlet, a completer): until then a script that calls
/// [AmazonVitals.HealthCalibration]::JudgeCrash, whose result type is the client's, finds no
/// AmazonVitals.Client.
/// </summary>
public sealed class ModuleImport : System.Management.Automation.IModuleAssemblyInitializer
{
    /// <summary>
    /// Called by Import-Module once the assembly is loaded. A PowerShell 7 older than 7.4 is refused
    /// here (Compatibility), with a message that names 7.4, rather than at the first command with a
    /// FileLoadException for AmazonVitals.Client.
    /// </summary>
    public void OnImport()
    {
        if (Compatibility.Refusal(ModuleInit.IsCore, typeof(System.Management.Automation.PSObject).Assembly.GetName().Version!) is { } refusal)
            throw new PlatformNotSupportedException(refusal);
        RuntimeHelpers.RunModuleConstructor(typeof(ModuleImport).Module.ModuleHandle);
    }
}

/// <summary>PowerShell 7: the client and its dependencies in a load context of their own.</summary>
internal static class CoreLoader
{
    private static DependencyLoadContext? s_context;

    public static void Install(string folder)
    {
        s_context = new DependencyLoadContext(folder);
        AssemblyLoadContext.Default.Resolving += ResolveClient;
    }

    private static Assembly? ResolveClient(AssemblyLoadContext context, AssemblyName name) =>
        string.Equals(name.Name, ModuleInit.ClientAssembly, StringComparison.Ordinal) ? s_context!.LoadFromAssemblyName(name) : null;

    private sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        // (The netstandard2.0 reference has no named constructor; the type name identifies it.)
        public DependencyLoadContext(string folder) => _folder = folder;

        // Our folder first; anything not there (the framework) comes from the default context.
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}

/// <summary>
/// Windows PowerShell 5.1 has one load context per AppDomain, so there is no isolation to be had:
/// the dependencies are resolved from our folder only when nothing else supplied them.
/// </summary>
internal static class DesktopLoader
{
    public static void Install(string folder) =>
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
        {
            var path = Path.Combine(folder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        };
}
