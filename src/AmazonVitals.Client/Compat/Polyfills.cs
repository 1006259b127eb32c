// What the C# compiler and this code need on netstandard2.0 (Windows PowerShell 5.1) that .NET 8
// has built in. Nothing here is compiled for net8.0.
#if !NET
using System;

namespace System.Runtime.CompilerServices
{
    /// <summary>Lets init-only setters and records compile for netstandard2.0.</summary>
    internal static class IsExternalInit
    {
    }
}

namespace AmazonVitals.Client.Compat
{
    internal static class Polyfill
    {
        public static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;
    }
}
#endif
