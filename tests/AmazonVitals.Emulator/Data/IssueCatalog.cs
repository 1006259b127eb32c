using System;
using System.Linq;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace AmazonVitals.Emulator.Data;

/// <summary>One crash or ANR signature: its descriptor, its multi-line stack trace and how often it happens.</summary>
public sealed record IssueSignature(int Index, string Descriptor, string ReportText, double DailyEvents, double[]? VersionShares);

/// <summary>
/// About forty signatures per package and report type, Zipf-ranked. For com.example.regressed's CRASH
/// report, what a release triage would find between the newest versionCode and the one before it:
/// the top signature happens only on the newest (New); the second's message carries HTML markup, a
/// <c>&lt;script&gt;</c> element among it, which a report must show as text; the third happens three
/// times as often per device on the newest as on the others (Regressed); the fourth never happens on
/// the newest (Gone). Every other signature is spread over the versions as the devices are.
/// </summary>
public static class IssueCatalog
{
    public const int SignaturesPerReport = 40;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<IssueSignature>> Cache = new(StringComparer.Ordinal);

    private static readonly (string Type, string Message)[] CrashExceptions =
    [
        ("java.lang.IllegalStateException", "Fragment PlayerFragment{{{0}}} not attached to a context."),
        ("java.lang.NullPointerException", "Attempt to invoke virtual method 'int android.media.MediaCodec.dequeueOutputBuffer(android.media.MediaCodec$BufferInfo, long)' on a null object reference"),
        ("java.lang.IndexOutOfBoundsException", "Index: {0}, Size: {0}"),
        ("java.lang.IllegalArgumentException", "Parameter specified as non-null is null: method {1}.{2}, parameter state"),
        ("java.util.ConcurrentModificationException", ""),
        ("java.lang.ClassCastException", "android.os.BinderProxy cannot be cast to {1}$LocalBinder"),
        ("java.lang.OutOfMemoryError", "Failed to allocate a {0}016 byte allocation with 4194304 free bytes and 6MB until OOM"),
        ("java.lang.SecurityException", "Permission Denial: starting Intent {{ act=android.intent.action.VIEW }} requires com.amazon.permission.{0}"),
        ("android.view.WindowManager$BadTokenException", "Unable to add window -- token android.os.BinderProxy@{0}a1 is not valid; is your activity running?"),
        ("java.lang.NumberFormatException", "For input string: \"{0}px\""),
        ("android.database.sqlite.SQLiteDatabaseLockedException", "database is locked (code 5 SQLITE_BUSY)"),
        ("java.net.SocketTimeoutException", "timeout after {0}000ms"),
    ];

    private static readonly string[] Areas = ["player", "ui.home", "ui.details", "data.sync", "net", "billing", "playback.drm", "search", "settings", "ads"];

    private static readonly string[] Classes =
        ["PlayerController", "HomeRowAdapter", "DetailsPresenter", "SyncWorker", "ApiClient", "PurchaseFlow", "LicenseSession", "SearchViewModel", "PreferenceStore", "AdBreakScheduler"];

    private static readonly string[] Methods = ["onResume", "bind", "load", "doWork", "execute", "onPurchaseResult", "acquire", "query", "commit", "schedule", "render", "onFocusChanged"];

    public static IReadOnlyList<IssueSignature> For(PackageProfile package, string reportType) =>
        Cache.GetOrAdd($"{package.Name}|{reportType}", _ => Build(package, reportType));

    /// <summary>Events of one signature on one date: its rate with a day-to-day wobble.</summary>
    public static double EventsOn(PackageProfile package, IssueSignature signature, string reportType, DateOnly date) =>
        signature.DailyEvents * StableHash.Between(StableHash.Combine(package.Seed, StableHash.Of(reportType), ((ulong)signature.Index << 32) | (uint)date.DayNumber), 0.8, 1.2);

    private static List<IssueSignature> Build(PackageProfile package, string reportType)
    {
        var anr = string.Equals(reportType, "ANR", StringComparison.Ordinal);
        // Events per day across the top signatures: roughly crash rate x devices, ANRs about half as many.
        var scale = package.DailyDevices * 0.0065 * package.RateScale * 1.2 / 3.9 * (anr ? 0.5 : 1.0);
        var list = new List<IssueSignature>(SignaturesPerReport);
        for (var i = 0; i < SignaturesPerReport; i++)
        {
            var seed = StableHash.Of(package.Name, reportType, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var triage = package.IsRegressed && !anr;
            var text = anr ? AnrText(package, seed) : CrashText(package, seed, markup: triage && i == 1);
            var descriptor = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{package.Name}|{reportType}|{text}")).AsSpan(0, 16));
            var events = scale / Math.Pow(i + 1, 1.1);
            double[]? versions = null;
            if (triage && i == 0)
            {
                // The regression: a new top crash that exists only on the newest release.
                events = scale * 2.5;
                versions = new double[Catalog.VersionCodes.Count];
                versions[^1] = 1;
            }
            else if (triage && i is 2 or 3)
            {
                // Three times as often per device on the newest release (2), or fixed in it (3).
                versions = NewestWeighted(package.Shares[0], i == 2 ? 3.0 : 0.0);
            }

            list.Add(new IssueSignature(i, descriptor, text, events, versions));
        }

        return list;
    }

    /// <summary>The version shares with the newest one's weight multiplied by <paramref name="factor"/>, summing to 1 again.</summary>
    private static double[] NewestWeighted(double[] shares, double factor)
    {
        var weighted = shares.ToArray();
        weighted[^1] *= factor;
        var sum = weighted.Sum();
        return [.. weighted.Select(w => w / sum)];
    }

    private static string CrashText(PackageProfile package, ulong seed, bool markup)
    {
        var (type, template) = CrashExceptions[StableHash.Bounded(seed, CrashExceptions.Length)];
        var area = Areas[StableHash.Bounded(seed ^ 1, Areas.Length)];
        var cls = Classes[StableHash.Bounded(seed ^ 2, Classes.Length)];
        var method = Methods[StableHash.Bounded(seed ^ 3, Methods.Length)];
        var number = StableHash.Bounded(seed ^ 4, 90) + 3;
        var fullClass = $"{package.Name}.{area}.{cls}";
        var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, number, fullClass, method);
        if (markup)
        {
            // Apps put what they parse into exception messages: a trace is untrusted text.
            (type, message) = ("java.lang.IllegalArgumentException",
                "Unexpected markup in a title: <script>document.title='injected'</script><img src=x onerror=\"document.body.dataset.injected=1\"> & <b>bold</b>");
        }

        var sb = new StringBuilder();
        sb.Append(type);
        if (message.Length > 0)
        {
            sb.Append(": ").Append(message);
        }

        AppendFrames(sb, package, seed, fullClass, cls, method);
        if (StableHash.Unit(seed ^ 5) < 0.3)
        {
            sb.Append("\nCaused by: java.io.IOException: stream closed");
            sb.Append("\n\tat okio.RealBufferedSource.read(RealBufferedSource.kt:").Append(StableHash.Bounded(seed ^ 6, 200) + 20).Append(')');
            sb.Append("\n\t... ").Append(StableHash.Bounded(seed ^ 7, 12) + 4).Append(" more");
        }

        return sb.ToString();
    }

    private static string AnrText(PackageProfile package, ulong seed)
    {
        var area = Areas[StableHash.Bounded(seed ^ 1, Areas.Length)];
        var cls = Classes[StableHash.Bounded(seed ^ 2, Classes.Length)];
        var method = Methods[StableHash.Bounded(seed ^ 3, Methods.Length)];
        var fullClass = $"{package.Name}.{area}.{cls}";
        var sb = new StringBuilder();
        sb.Append("ANR in ").Append(package.Name).Append(" (").Append(package.Name).Append("/.MainActivity)");
        sb.Append("\nReason: Input dispatching timed out (Waiting to send non-key event because the touched window has not finished processing certain input events)");
        sb.Append("\n\"main\" prio=5 tid=1 ").Append(StableHash.Unit(seed ^ 8) < 0.5 ? "Blocked" : "Native");
        sb.Append("\n\tat java.lang.Object.wait(Native Method)");
        AppendFrames(sb, package, seed, fullClass, cls, method);
        return sb.ToString();
    }

    private static void AppendFrames(StringBuilder sb, PackageProfile package, ulong seed, string fullClass, string cls, string method)
    {
        sb.Append("\n\tat ").Append(fullClass).Append('.').Append(method).Append('(').Append(cls).Append(".java:")
          .Append(StableHash.Bounded(seed ^ 10, 400) + 12).Append(')');
        var frames = StableHash.Bounded(seed ^ 11, 5) + 3;
        for (var f = 0; f < frames; f++)
        {
            var h = StableHash.Combine(seed, (ulong)f + 100);
            var otherClass = Classes[StableHash.Bounded(h, Classes.Length)];
            var otherArea = Areas[StableHash.Bounded(h ^ 1, Areas.Length)];
            var otherMethod = Methods[StableHash.Bounded(h ^ 2, Methods.Length)];
            sb.Append("\n\tat ").Append(package.Name).Append('.').Append(otherArea).Append('.').Append(otherClass).Append('.')
              .Append(otherMethod).Append('(').Append(otherClass).Append(".java:").Append(StableHash.Bounded(h ^ 3, 500) + 10).Append(')');
        }

        sb.Append("\n\tat android.os.Handler.handleCallback(Handler.java:938)");
        sb.Append("\n\tat android.os.Looper.loop(Looper.java:223)");
        sb.Append("\n\tat android.app.ActivityThread.main(ActivityThread.java:7656)");
    }
}
