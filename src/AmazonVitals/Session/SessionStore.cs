using System.Threading;

namespace AmazonVitals.Session;

/// <summary>
/// The module's default session. It is static, so it is process-wide: a runbook's
/// ForEach-Object -Parallel runspaces see the session the main runspace connected.
/// </summary>
internal static class SessionStore
{
    private static VitalsSession? s_default;

    public static VitalsSession? Default => Volatile.Read(ref s_default);

    /// <summary>Makes a session the default and returns the one it replaced.</summary>
    public static VitalsSession? Replace(VitalsSession? session) => Interlocked.Exchange(ref s_default, session);

    /// <summary>Makes a session the default only if there is none.</summary>
    public static void SetIfNone(VitalsSession session) => Interlocked.CompareExchange(ref s_default, session, null);

    /// <summary>Clears the default if it is still the given session.</summary>
    public static void ClearIf(VitalsSession session) => Interlocked.CompareExchange(ref s_default, null, session);
}
