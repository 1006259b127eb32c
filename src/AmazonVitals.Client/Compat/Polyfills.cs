// What the C# compiler needs on netstandard2.0 (Windows PowerShell 5.1) that .NET 8 has built
// in. Nothing here is compiled for net8.0.
#if !NET
namespace System.Runtime.CompilerServices;

/// <summary>Lets init-only setters and records compile for netstandard2.0.</summary>
internal static class IsExternalInit
{
}
#endif
