using System;
using System.IO;
using System.Threading;

namespace AmazonVitals.Client.History;

/// <summary>
/// A test hook, documented in docs/architecture.md, with no use outside tests: when the
/// environment variable AMAZONVITALS_TEST_HISTORY_PAUSE names a point of a sync ("stage": every
/// partition staged, none placed; "commit": right after the first partition is placed), the sync
/// writes <c>_test_paused</c> in the dataset's folder and sleeps there, so a test can kill the
/// process at exactly that point (tests/pester/History.Tests.ps1).
/// </summary>
internal static class HistoryTestPause
{
    private const string Variable = "AMAZONVITALS_TEST_HISTORY_PAUSE";

    public static void At(string point, HistoryLayout layout)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(Variable), point, StringComparison.Ordinal))
            return;
        File.WriteAllText(Path.Combine(layout.Root, "_test_paused"), point);
        Thread.Sleep(TimeSpan.FromMinutes(2));
    }
}
