using System.Runtime.CompilerServices;

namespace AmazonVitals.Client.Compat;

/// <summary>
/// For the code that runs once per row or per value. .NET first compiles a method unoptimized and
/// recompiles it only after the JIT has been quiet for a while; inside PowerShell, which compiles
/// new code all the time, that can take most of an export, and the unoptimized parser is several
/// times slower. AggressiveOptimization compiles these methods optimized at their first call.
/// .NET Framework has no tiered compilation, so nothing is asked of it.
/// </summary>
internal static class HotPath
{
#if NET
    public const MethodImplOptions Optimized = MethodImplOptions.AggressiveOptimization;
#else
    public const MethodImplOptions Optimized = 0;
#endif
}
