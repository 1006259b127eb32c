// What the C# compiler needs on netstandard2.0 that .NET 8 has built in.
namespace System.Runtime.CompilerServices;

/// <summary>Lets ModuleInit run when the assembly loads, on .NET Framework as on .NET.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class ModuleInitializerAttribute : Attribute
{
}
