using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AmazonVitals.Client;

/// <summary>
/// The sentences the code writes for users (errors, warnings, verbose, debug and progress lines),
/// in one place, so wording stays consistent and can be reviewed (and one day localised) without
/// hunting through code. Both layers use it. Help text lives in src/help, and format views in
/// module-manifest.
/// </summary>
public static class Messages
{
    private static string F(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    // Connecting
    public static string NoCredentials() =>
        "No credentials were given. Pass -ClientId and -ClientSecret, or -Credential, or set the environment variables AMAZON_VITALS_CLIENT_ID and AMAZON_VITALS_CLIENT_SECRET.";
    public static string EmptyClientId() =>
        "The client id is empty. Pass the client id of your security profile (Developer Console > Settings > Security Profiles > Web Settings).";
    public static string EmptySecret() =>
        "The client secret is empty. Pass the client secret of your security profile as a SecureString, or set AMAZON_VITALS_CLIENT_SECRET.";
    public static string BadUri(string name, string value) =>
        F("{0} '{1}' is not an absolute http or https URI. Pass a URI such as https://developer.amazon.com/api/appstore.", name, value);
    public static string InsecureUri(string name, string value) =>
        F("{0} '{1}' uses plain http to a host that is not loopback. Use https; plain http is allowed only for 127.0.0.1, ::1 and localhost.", name, value);
    public static string TokenRejected(int status, string? error, string? description) =>
        F("The token endpoint refused the credentials (HTTP {0}{1}){2}. Check the client id and secret of the security profile.{3}",
            status,
            string.IsNullOrEmpty(error) ? "" : ", " + error,
            string.IsNullOrEmpty(description) ? "" : ": " + description,
            error == "invalid_scope" ? " 'invalid_scope' means the security profile is not attached to the Reporting API." : "");
    public static string TokenRefusedAfterRefresh(string? requestId) =>
        F("The Vitals API refused the access token (403) even after a fresh token was fetched{0}. Check that the security profile is attached to the Reporting API and owns the package.", RequestIdSuffix(requestId));
    public static string Unreachable(string host, string reason) =>
        F("Could not reach {0}: {1}. Check -BaseUri/-TokenUri, the network and any proxy.", host, reason);
    public static string AnswerBrokeOff(string host, string reason, bool isPage) =>
        F("{0} answered, but the connection broke before the whole answer arrived: {1}. Check the network and any proxy{2}.", host, reason, isPage ? "; for very large pages, lower -PageSize" : "");
    public static string NotConnected() =>
        "Not connected to the Vitals API. Run Connect-Vitals first (or pass -Session).";
    public static string SessionIsNull() =>
        "-Session is $null. Pass a session from Connect-Vitals -PassThru, or leave -Session out to use the default session.";
    public static string SessionDisconnected(string clientId) =>
        F("The session passed with -Session (client {0}) was disconnected. Connect again with Connect-Vitals -PassThru and pass the new session.", clientId);
    public static string LocalMidnight(string parameter, DateTime local, DateTime utc, DateTime boundary, bool isEnd) =>
        F(isEnd
            ? "{0} {1:yyyy-MM-dd HH:mm} is a local time, {2:yyyy-MM-dd HH:mm} UTC. The API counts whole UTC dates, so the window ends at {3:yyyy-MM-dd} 00:00 UTC and takes in {4:yyyy-MM-dd} too. For the UTC date, pass the date alone ({0} {1:yyyy-MM-dd}) or a UTC time."
            : "{0} {1:yyyy-MM-dd HH:mm} is a local time, {2:yyyy-MM-dd HH:mm} UTC. The API counts whole UTC dates, so the window starts at {3:yyyy-MM-dd} and takes in that date too. For the UTC date, pass the date alone ({0} {1:yyyy-MM-dd}) or a UTC time.",
            parameter, local, utc, boundary, boundary.AddDays(-1));
    public static string NoPackage() =>
        "No package name. Pass -PackageName, or set a default with Connect-Vitals -PackageName.";

    // Server answers
    public static string ApiError(int status, string code, string message, string? requestId, int attempts = 1, string? hint = null) =>
        F("The Vitals API answered {0} {1}: {2}{3}{4}{5}", status, code, message, RequestIdSuffix(requestId), attempts > 1 ? F(" (after {0} attempts)", attempts) : "", hint is null ? "" : " " + hint);
    public static string BaseUriPathHint(Uri baseUri) =>
        F("-BaseUri '{0}' does not end with /api/appstore, and it usually does, e.g. {1}/api/appstore: connect again with that -BaseUri.",
            baseUri, baseUri.GetLeftPart(UriPartial.Authority));
    public static string BadResponse(string what, string? requestId) =>
        F("The server sent a response that could not be read ({0}){1}. An answer like this is retried up to -MaxRetryCount times; if it persists, report the requestId to Amazon.", what, RequestIdSuffix(requestId));
    public static string BadValue(string what, string? requestId) =>
        F("The Vitals API sent a value that cannot be used ({0}){1}. It was not retried: the server would send the same value again. Narrow the query to leave out the bad value, or report the requestId to Amazon.", what, RequestIdSuffix(requestId));
    public static string InternalError(string what, string? requestId) =>
        F("AmazonVitals failed with an internal error ({0}){1}. This is a bug in the AmazonVitals module, not a fault in Amazon's data or in your input. Please report it to the AmazonVitals project with this message{2}.",
            what, RequestIdSuffix(requestId), requestId is null ? "" : " and the requestId");
    public static string NotANumber(string metric, string value, bool isCount) =>
        F(isCount ? "metric '{0}' is '{1}', not a whole number within Int64" : "metric '{0}' is '{1}', not a finite number", metric, value);
    public static string RepeatedPageToken(string? requestId) =>
        F("The Vitals API sent a nextPageToken it had sent before, which would page forever{0}. The rows written so far are complete pages; report the requestId to Amazon.", RequestIdSuffix(requestId));
    public static string AttemptTimeout(double seconds, int attempts) =>
        F("No answer came within {0:0.#} s, on each of {1} attempts. The server or the network is too slow for pages this large: lower -PageSize, or raise -MaxRetryCount.", seconds, attempts);
    public static string TokenEndpointUnavailable(Uri tokenUri, string reason) =>
        F("The token endpoint {0} did not give a usable token, even after retries: {1}{2} Try again later; check -TokenUri.", tokenUri.GetLeftPart(UriPartial.Path), reason, reason.EndsWith(".", StringComparison.Ordinal) ? "" : ".");
    public static string TokenEndpointAnswered(int status, string code, string message, string? requestId) =>
        F("it answered {0} {1}: {2}{3}", status, code, message, RequestIdSuffix(requestId));
    public static string Timeout(double seconds) =>
        F("The request did not complete within {0:0.#} s, retries included. Raise Connect-Vitals -TimeoutSec, or narrow the query.", seconds);

    // Checks before any request
    public static string EndNotAfterStart(DateTime start, DateTime end) =>
        F("-EndTime {1:yyyy-MM-dd HH:mm}Z is not after -StartTime {0:yyyy-MM-dd HH:mm}Z. -EndTime is exclusive: for the single day {2:yyyy-MM-dd} pass -StartTime {2:yyyy-MM-dd} -EndTime {3:yyyy-MM-dd}.", start, end, start.Date, start.Date.AddDays(1));
    public static string TooManyDimensions(int count) =>
        F("{0} dimensions were requested; the API allows at most {1} per query. Drop some -Dimension values.", count, Model.KnownMetricSets.MaxDimensions);
    public static string WeightedMetricHourly(string metric) =>
        F("Metric '{0}' exists only for Daily data. Use -AggregationPeriod Daily, or drop '{0}' from -Metric.", metric);
    public static string HourlyTooWide(double days) =>
        F("An Hourly query may span at most {1} days; this one spans {0:0.##}. Narrow -StartTime/-EndTime, or use -AggregationPeriod Daily.", days, Model.QueryPlanner.MaxHourlyDays);
    public static string DailyTooWide(double days) =>
        F("A Daily query may span at most {1} days; this one spans {0:0.##}. Narrow -StartTime/-EndTime.", days, Model.QueryPlanner.MaxDailyDays);
    public static string PageSizeOutOfRange(int value) =>
        F("-PageSize {0} is outside 1..{1}. Omit it to use the default.", value, Model.QueryPlanner.MaxPageSize);
    public static string FilterValueInvalid(string key) =>
        F("-Filter key '{0}' must map to a string or a list of strings, for example @{{ countryCode = 'US','CA' }}.", key);
    public static string EmptyName(string parameter) =>
        F("{0} is empty. Pass a non-empty value.", parameter);
    public static string InvalidName(string parameter, string value, string reason) =>
        F("{0} '{1}' {2}. Pass the name exactly as the Developer Console shows it, for example com.example.myapp or crashMetricSet.", parameter, value, reason);
    public static string NameIsPadded() => "has leading or trailing spaces";
    public static string NameIsDotSegment() => "is a path segment ('.' or '..'), not a name";
    public static string NameHasPathCharacter(string characters) => F("contains one of {0}, which cannot be part of a name in the URI path", characters);
    public static string NameHasControlCharacter() => "contains a control character";
    public static string TimeOutOfRange(string parameter, DateTime value, DateTime earliest, DateTime latest) =>
        F("{0} {1:yyyy-MM-dd HH:mm}Z is outside what the Vitals API can serve ({2:yyyy-MM-dd} to {3:yyyy-MM-dd}). Pass a recent time; the API keeps the last 30 days.", parameter, value, earliest, latest);
    public static string DuplicateName(string parameter, string name) =>
        F("{0} names '{1}' twice (names are compared without regard to case, as PowerShell property names are). Name each column once.", parameter, name);
    public static string NameIsFixedColumn(string parameter, string name, string fixedColumns) =>
        F("{0} '{1}' has the name of a column every row already has ({2}). Leave it out.", parameter, name, fixedColumns);
    public static string IssuesSetIsNotRates(string set) =>
        F("-MetricSet '{0}' holds the top crash and ANR issues, which are not rate rows. Use Get-VitalsIssue -ReportType Crash or Anr.", set);
    public static string PackageBoundEmpty() =>
        "-PackageName is empty for this input. Give each input a package name; the session's default applies only when -PackageName is not given at all.";
    public static string NoFreshness(string set, string period) =>
        F("The freshness endpoint reports no {1} data for {0}, so no default window can be chosen. Pass -StartTime and -EndTime.", set, period);

    // Verbose, debug and progress lines
    public static string QueryPlanned(string metricSet, string package, string period, DateTime start, DateTime end, int dimensions, int metrics, int pageSize) =>
        F("Querying {0} of {1}: {2} from {3:u} to {4:u} (exclusive), {5} dimensions, {6} metrics, pages of {7}.", metricSet, package, period, start, end, dimensions, metrics, pageSize);
    public static string IssuesPlanned(string reportType, string package, DateTime start, DateTime end, int dimensions, int pageSize) =>
        F("Querying the top {0} issues of {1}: from {2:u} to {3:u} (exclusive), {4} dimensions, pages of {5}.", reportType, package, start, end, dimensions, pageSize);
    public static string Connected(string clientId, Uri baseUri) => F("Connected as client {0} to {1}.", clientId, baseUri);
    public static string RateThresholdNotAFraction(string parameter, double value) =>
        value > 1.0 && value <= 100.0
            ? F("{0} {1} is not a fraction from 0 to 1. It takes the rate as a fraction, as the API gives it (0.011 is 1.1%): for {1}% pass {0} {2}.", parameter, value, (decimal)value / 100m)
            : F("{0} {1} is not a fraction from 0 to 1. It takes the rate as a fraction, as the API gives it (0.011 is 1.1%).", parameter, value);
    public static string NameCaseFixed(string parameter, string given, string known) =>
        F("{0} {1} sent as {2}: the API's names are case-sensitive.", parameter, given, known);
    public static string TokenUriDerived(Uri tokenUri) =>
        F("-BaseUri is a local http address and -TokenUri was not given: fetching tokens from {0}, the emulator's token route.", tokenUri);
    public static string NothingToDisconnect() => "No session to disconnect.";
    public static string Disconnected(object session) => F("Disconnected {0}.", session);
    public static string AlreadyDisconnected(object session) => F("{0} was already disconnected.", session);
    public static string RequestingToken(Uri tokenUri, string clientId) =>
        F("Requesting an access token from {0} for client {1}.", tokenUri.GetLeftPart(UriPartial.Path), clientId);
    public static string TokenRefusedRetrying() => "The API refused the token (403); fetching a new token and sending once more.";
    public static string Exchange(string method, string path, int status, string? requestId, int attempt, double milliseconds) =>
        F("{0} {1} -> {2} requestId={3} attempt={4} {5:0} ms", method, path, status, requestId ?? "-", attempt, milliseconds);
    public static string ExchangeFailed(string method, string path, string reason, int attempt, double milliseconds) =>
        F("{0} {1} -> failed ({2}) attempt={3} {4:0} ms", method, path, reason, attempt, milliseconds);
    public static string Retrying(int retry, int of, double seconds, string reason) =>
        F("Retry {0} of {1} in {2:0.0} s after: {3}", retry, of, seconds, reason);
    public static string RowsArePSObjects(string reason) =>
        F("Rows are written as PSObjects with note properties (slower through Export-Csv): this PowerShell could not make a row class ({0}).", reason);
    public static string NoRowView(string reason) =>
        F("Rows show in the module's one-column view: this session's format data could not take a view for their columns ({0}).", reason);
    public static string RowViewHides(int hidden) =>
        F("The console view leaves out {0} of the dimensions and metrics to stay within 120 columns: Format-List * shows every property, Select-Object picks columns.", hidden);
    public static string FirstPage() => "Reading the first page";
    public static string PagesAndRows(int pages, ulong rows) =>
        string.Format(CultureInfo.CurrentCulture, "{0:N0} pages, {1:N0} rows", pages, rows);
    public static string PagesAndRowsWritten(int pages, long rows, string path) =>
        string.Format(CultureInfo.CurrentCulture, "{0:N0} pages, {1:N0} rows written to {2}", pages, rows, path);
    public static string Wrote(long rows, string path) => F("Wrote {0} rows to {1}.", rows, path);
    public static string ExportAction() => "Export Vitals data";
    public static string ColumnsDiffer(string columns) =>
        F("Every query written to one file must have the same columns ({0}). Export packages with different -Metric lists to different files.", columns);

    // Export
    public static string FileExists(string path) =>
        F("'{0}' exists and -NoClobber was given. Choose another -Path, or leave out -NoClobber to replace the file.", path);
    public static string ExportPathNotFileSystem(string path, string provider) =>
        F("-Path '{0}' is on the {1} provider, not the file system: Export-VitalsData writes a file. Pass a file-system path, such as ./crash.csv or a path on a FileSystem drive (Get-PSDrive -PSProvider FileSystem).", path, provider);
    public static string ExportPathIsFolder(string path) =>
        F("-Path '{0}' is a folder. Pass the path of the file to write, for example '{1}'.", path, System.IO.Path.Combine(path, "export.csv"));
    public static string ExportFolderNotFound(string folder, string path) =>
        F("The folder '{0}' does not exist, so '{1}' cannot be written. Create it first (New-Item -ItemType Directory -Path '{0}'), or choose another -Path.", folder, path);
    public static string ExportRenameRefused(string path, string partial) =>
        F("'{0}' appeared while the export ran and -NoClobber was given, so it was not replaced. The finished export is kept, complete, in '{1}': rename it yourself (Move-Item -LiteralPath '{1}' -Destination <another path>), or run again with another -Path.", path, partial);
    public static string ExportRenameFailed(string path, string partial, string reason) =>
        F("The finished export could not be renamed to '{0}': {2}. It is kept, complete, in '{1}'. Free '{0}' (close the program that holds it, clear its read-only flag, or remove the folder of that name), then rename it yourself: Move-Item -LiteralPath '{1}' -Destination '{0}'.", path, partial, reason.TrimEnd().TrimEnd('.'));

    // An empty answer
    public static string NoRowsPastLatest(string package, string metricSet, Model.AggregationPeriod period, DateTime start, DateTime latest) =>
        F("No rows: the window starts {0:yyyy-MM-dd HH:mm}Z, after the latest {1} data of {2} in {3} ({4}). Move -StartTime back, or check Get-VitalsFreshness -MetricSet {3}.",
            start, period, package, metricSet, period == Model.AggregationPeriod.Daily ? latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : latest.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture));
    public static string NoRowsFilterValueUnseen(string package, string dimension, string value, IReadOnlyList<string> seen) =>
        F("No rows: -Filter {0} '{1}' is not among the {2} {0} value(s) this session has seen in {3}'s rows ({4}). Check its spelling and form.",
            dimension, value, seen.Count, package, string.Join(", ", seen.Take(8)) + (seen.Count > 8 ? ", ..." : ""));

    // History (Sync-VitalsHistory, Get-VitalsHistory)
    public static string HistoryNeedsPowerShell74() =>
        "The history store needs PowerShell 7.4 or later (its Parquet library runs on .NET 8 and later); this is Windows PowerShell or an older PowerShell. Run Sync-VitalsHistory and Get-VitalsHistory from pwsh 7.4+.";
    public static string HistoryPathNotFileSystem(string parameter, string path, string provider) =>
        F("{0} '{1}' is on the {2} provider, not the file system: the history is a folder of files. Pass a file-system path, such as ./vitals-history.", parameter, path, provider);
    public static string HistoryNameNotSafe(string parameter, string name) =>
        F("{0} '{1}' cannot name a history folder: use letters, digits, '.', '_' or '-' only, as Amazon's package names and metric sets do.", parameter, name);
    public static string HistoryManifestUnreadable(string path, string why) =>
        F("'{0}' is not a history dataset's manifest ({1}). Point -Path at a folder written by Sync-VitalsHistory, or at an empty folder to start one.", path, why);
    public static string HistoryAccessDenied(string path, string reason) =>
        F("Access to '{0}' was refused ({1}). Give this account read and write access to the history folder, or point -Path elsewhere.", path, reason);
    public static string HistoryWriteFailed(string path, string reason) =>
        F("Could not write '{0}' ({1}). Check that the disk has space and the folder is not read-only; the partitions already stored are untouched, and the next sync fetches what is missing.", path, reason);
    public static string HistoryBusy(string root, string owner) =>
        F("Another sync is writing '{0}' ({1}). Wait for it to finish, or point -Path at another folder. The lock ends with that process, even if it is killed.", root, owner);
    public static string HistoryLockOwner(int processId, string? machine, string? since) =>
        F("process {0} on {1} since {2}", processId, machine ?? "?", since ?? "?");
    public static string HistoryLockOwnerUnknown() => "another process";
    public static string HistoryNoData(string package, string metricSet, string period) =>
        F("The server has no {0} data for {1} in {2} yet (its freshness answer names no latest date). Nothing was stored.", period, package, metricSet);
    public static string HistoryShapeMismatch(string root, string metricSet, string stored, string asked) =>
        F("The dataset in '{0}' keeps {1} with {2}; this sync asks for {3}. Rows of two shapes could not be compared, so nothing was written. Leave out -Dimension and -Metric to use the stored shape, or point -Path at another folder to keep this one.", root, metricSet, stored, asked);
    public static string HistoryFolderNotFound(string root) =>
        F("The history folder '{0}' does not exist. Run Sync-VitalsHistory -Path '{0}' first, or check the path.", root);
    public static string HistoryFolderNotADataset(string root) =>
        F("'{0}' holds no history dataset (no _dataset.json). Point -Path at the folder Sync-VitalsHistory wrote.", root);
    public static string HistoryMetricNotStored(string metric, string metricSet, IReadOnlyList<string> stored) =>
        F("The dataset keeps no metric '{0}' for {1}. Stored: {2}.", metric, metricSet, string.Join(", ", stored));
    public static string HistorySyncAction(string package, string metricSet, string period) =>
        F("Sync {0} {1} for {2}", period, metricSet, package);
    public static string HistorySyncPlanned(string package, string metricSet, string missing, string refresh, int requests, string rows) =>
        F("{0} {1}: fetch {2}; refresh {3}; about {4} request(s) for {5} rows.", package, metricSet, missing, refresh, requests, rows);
    public static string HistorySyncProgress(int pages, long rows) =>
        F("{0} page(s), {1:N0} rows fetched", pages, rows);
    public static string HistorySyncCommitting(string package, string metricSet) =>
        F("Placing the {0} {1} partitions", package, metricSet);
    public static string HistoryNothingStored(string root) =>
        F("No stored rows matched in '{0}': check -PackageName, -MetricSet, -AggregationPeriod and the window against what Sync-VitalsHistory kept.", root);

    // Health
    public static string HealthDaysOutOfRange(int days, int max) =>
        F("-Days {0} is outside 1..{1}: the window and its baseline (the same number of days before it) must fit in one Daily query, which may span {2} days.", days, max, Model.QueryPlanner.MaxDailyDays);
    public static string HealthTopOutOfRange(int top, int max) =>
        F("-Top {0} is outside 0..{1}. Pass 0 to leave out the top issues.", top, max);
    public static string HealthNoDailyData(string package) =>
        F("The freshness endpoint reports no Daily data for {0} (crashMetricSet), so there is no window to judge.", package);
    public static string HealthPlan(string package, Health.HealthWindow window, int top) =>
        F("Health of {0}: window {1:yyyy-MM-dd} to {2:yyyy-MM-dd} (exclusive), baseline from {3:yyyy-MM-dd}; a Daily query by versionCode per available set{4}.",
            package, window.WindowStart, window.WindowEnd, window.BaselineStart,
            top > 0 ? F(", then 2 issues queries (the top {0} of the newest and the previous version)", top) : "");
    public static string HealthRegressed(Health.MeasureHealth m) =>
        F("{0}: {1} of version {2} is {3} per device against version {4} on the devices and days they share ({5}; raw {6} against {7}): Regressed (significant at {8} and at least {9} higher){10}.",
            m.Measure, m.RateMetric, m.NewVersion, SignedPercent(m.Change), m.PreviousVersion, TestSummary(m),
            Percent(m.NewVersionRate), Percent(m.PreviousVersionRate), Percent(m.Confidence), Percent(m.MinChange),
            m.TopDriver is { StandsOut: true } d ? F("; mostly {0} {1}", d.Dimension, d.Value) : "");
    public static string HealthNotAvailable(Health.MeasureHealth m) =>
        F("{0}: not available, so it cannot be judged: {1}", m.Measure, m.Reason);
    public static string HealthMetricNotServed(string metricSet, string metric) =>
        F("{0} does not list {1} in its freshness answer, so this measure has nothing to judge by.", metricSet, metric);
    public static string HealthAboveThreshold(Health.MeasureHealth m, string parameter) =>
        F("{0}: the window's {1} {2} is above {3} {4}.", m.Measure, m.RateMetric, Percent(m.WindowRate), parameter, Percent(m.Threshold));
    public static string HealthCheckFailed(System.Collections.Generic.IReadOnlyList<(string Package, System.Collections.Generic.IReadOnlyList<string> Reasons)> failures) =>
        failures.Count == 1
            ? F("Health check failed for {0}: {1}", failures[0].Package, string.Join(" ", failures[0].Reasons))
            : F("Health check failed for {0} packages. {1}", failures.Count,
                string.Join(" ", System.Linq.Enumerable.Select(failures, f => F("{0}: {1}", f.Package, string.Join(" ", f.Reasons)))));
    // The release gate (Assert-VitalsHealth)
    public static string GatePassed(Health.HealthReport r) =>
        F("{0}: passed the release gate.{1}", r.PackageName, GateMeasures(r));
    public static string GateFailedLine(Health.HealthReport r) =>
        F("{0}: FAILED the release gate.{1}", r.PackageName, GateMeasures(r));
    public static string GateAdvisory(string package, IReadOnlyList<string> failures) =>
        F("{0} would fail the release gate, but -Advisory never fails it: {1}", package, string.Join(" ", failures));
    public static string GateNotJudged(string package, string why) =>
        F("{0} was not judged, and the gate does not fail on data it cannot reach: {1}", package, why);
    public static string GateMeasureNotAvailable(string package, Health.MeasureHealth m) =>
        F("{0}: {1}", package, HealthNotAvailable(m));
    public static string HealthGateFailed(IReadOnlyList<(string Package, IReadOnlyList<string> Reasons)> failures) =>
        F("The release gate failed: {0}. Pass -Advisory to report without failing, or look at the measures with Get-VitalsHealth.",
            string.Join(" ", failures.Select(f => F("{0}: {1}", f.Package, string.Join(" ", f.Reasons)))));

    /// <summary>"Crash Stable (+1.2% per device, +0.4% to +2.0%)", one measure per indented line: a log reads it at any width.</summary>
    private static string GateMeasures(Health.HealthReport r) =>
        string.Concat(r.Measures.Select(m => "\n  " + (m.Change is { } change
            ? F("{0,-5} {1} ({2} per device, {3} to {4})", m.Measure, m.Verdict, SignedPercent(change), SignedPercent(m.ChangeLow), SignedPercent(m.ChangeHigh))
            : F("{0,-5} {1}", m.Measure, m.Verdict))));

    // Health: statistics, provisional and stale data, issues per version, the report
    public static string HealthConfidenceOutOfRange(double confidence) =>
        F("-Confidence {0} is outside 0.5..1 (exclusive of 1): it is the two-sided confidence of the version test, such as 0.99 or 0.95.", confidence.ToString("R", CultureInfo.InvariantCulture));
    public static string HealthMinChangeOutOfRange(double minChange) =>
        F("-MinChange {0} is not a relative change of 0 or more: 0.10 means a change of at least 10% of the previous version's rate.", minChange.ToString("R", CultureInfo.InvariantCulture));
    public static string HealthProvisionalDaysOutOfRange(int provisional, int days) =>
        F("-ProvisionalDays {0} leaves no settled date in a window of {1} days to test the versions on. Pass -ProvisionalDays {2} or less, or a larger -Days; -ProvisionalDays 0 judges the newest data as final.",
            provisional, days, Math.Max(0, days - 1));
    public static string HealthStale(DateTime latestDaily, DateTime today, int age) =>
        F("Data: the latest Daily data is {0:yyyy-MM-dd}, {1} days before today ({2:yyyy-MM-dd} UTC), where 1 is usual: the feed may have stalled, so nothing recent is judged.",
            latestDaily, age, today);
    public static string HealthSetStale(string metricSet, DateTime latestDaily, int age) =>
        F("Data: {0}'s latest Daily data is {1:yyyy-MM-dd}, {2} days old, behind the other sets: its measure is judged on fewer dates and may hide a change.", metricSet, latestDaily, age);
    public static string HealthSetStaleWarning(string package, string metricSet, DateTime latestDaily, int age) =>
        F("{0}: {1}'s newest Daily data is {2:yyyy-MM-dd}, {3} days old. That feed may have stalled; the report cannot say Healthy.", package, metricSet, latestDaily, age);
    public static string HealthIssuesIncomplete(string package, string reportType) =>
        F("{0}: the {1} issues of the two versions did not fit in the page read, so New and Gone mean \"not among the issues read\"; raise -Top to read more.", package, reportType);
    public static string HealthStaleWarning(string package, DateTime latestDaily, int age) =>
        F("{0}: the newest Daily data is {1:yyyy-MM-dd}, {2} days old. The feed may have stalled; the report cannot say Healthy.", package, latestDaily, age);
    public static string TestSummary(Health.MeasureHealth m) =>
        m.TStatistic is not { } t
            ? F("no test: {0} shared settled day(s), {1} needed", m.ComparedDays, Health.VersionContrast.MinDays)
            : F("t = {0} on {1} df, p {2}; interval {3} to {4} over {5} days", t.ToString("0.00", CultureInfo.InvariantCulture),
                m.DegreesOfFreedom, PValue(m.PValue), SignedPercent(m.ChangeLow), SignedPercent(m.ChangeHigh), m.ComparedDays);

    /// <summary>
    /// A measure's numbers in words, or null: pairs per device family, a raw change that the
    /// device mix explains, the slice that carries a change.
    /// </summary>
    public static string? HealthExplanation(Health.MeasureHealth m, Health.VersionComparison? headline, IReadOnlyList<Health.VersionComparison> comparisons)
    {
        var parts = new List<string>();
        if (comparisons.Count > 1)
            parts.Add("Compared per device family: " + string.Join("; ", comparisons.Select(c => F("{0} {1} vs {2} {3}", c.FamilyText, c.NewVersion, c.PreviousVersion, c.Verdict))) + ".");
        if (IsMixShift(m, headline))
        {
            parts.Add(F("The raw {0} ({1}) is a device-mix shift: per device, {2} ({3} to {4}).",
                headline!.RawChange > 0 ? "rise" : "fall", SignedPercent(headline.RawChange), SignedPercent(headline.Change),
                SignedPercent(headline.ChangeLow), SignedPercent(headline.ChangeHigh)));
        }
        if (m.TopDriver is { StandsOut: true } d)
            parts.Add(F("Carried most by {0} {1}: {2} ({3} to {4}), {5} of the excess events on {6} of the devices.",
                d.Dimension, d.Value, SignedPercent(d.Change), SignedPercent(d.ChangeLow), SignedPercent(d.ChangeHigh),
                Percent0(d.ExcessShare), Percent0(d.DeviceShare)));
        else if (m.TopDriver is { } even)
            parts.Add(F("Spread evenly: no device model or OS version stands out from the whole; the largest share, {0} {1}, carries {2} of the excess events on {3} of the devices.",
                even.Dimension, even.Value, Percent0(even.ExcessShare), Percent0(even.DeviceShare)));
        if (headline is { Contrast.LogRatio: null })
            parts.Add(F("The versions share {0} settled day(s); {1} are needed to judge a change.", headline.Days, Health.VersionContrast.MinDays));
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <summary>A raw change of at least MinChange that the per-device interval rules out, and that the verdict does not follow.</summary>
    private static bool IsMixShift(Health.MeasureHealth m, Health.VersionComparison? c) =>
        c is { RawChange: { } raw, ChangeLow: { } low, ChangeHigh: { } high }
        && Math.Abs(raw) >= m.MinChange && (raw < low || raw > high)
        && m.Verdict != (raw > 0 ? Health.HealthVerdict.Regressed : Health.HealthVerdict.Improved);

    public static string HealthComparisonSummary(Health.VersionComparison c) =>
        F("{0}: {1} vs {2}: {3} per device ({4} to {5}), raw {6}, {7} days: {8}", c.FamilyText, c.NewVersion, c.PreviousVersion,
            SignedPercent(c.Change), SignedPercent(c.ChangeLow), SignedPercent(c.ChangeHigh), SignedPercent(c.RawChange), c.Days, c.Verdict);

    public static string HealthDriverSummary(Health.HealthDriver d) =>
        F("{0} {1}: {2} ({3} to {4}), {5} of the excess, q {6}", d.Dimension, d.Value, SignedPercent(d.Change),
            SignedPercent(d.ChangeLow), SignedPercent(d.ChangeHigh), Percent0(d.ExcessShare), PValue(d.AdjustedPValue));
    /// <summary>A p-value for people: "= 0.0123", or "&lt; 0.0001" below that.</summary>
    public static string PValue(double? p) =>
        p is not { } value ? "n/a"
        : value < 0.0001 ? "< 0.0001"
        : "= " + value.ToString("0.####", CultureInfo.InvariantCulture);
    public static string IssueChangeSummary(Health.IssueChange c) =>
        F("{0} {1}: {2} events ({3}): {4}", c.Status, c.ReportType, c.Status == Health.IssueStatus.Gone ? c.PreviousEvents : c.NewEvents,
            c.Status == Health.IssueStatus.Gone ? "previous version" : "newest version", c.FirstLine);
    public static string HealthSeriesSummary(Health.HealthSeries s) =>
        F("{0}: {1} daily points of {2}, version {3} against {4}", s.Measure, s.Points.Count, s.RateMetric, s.NewVersion ?? "-", s.PreviousVersion ?? "-");
    public static string ReportNotHealth(string typeName) =>
        F("Export-VitalsReport takes the objects of Get-VitalsHealth (or package names); it got {0}.", typeName);
    public static string ReportSummaryObject() =>
        "Export-VitalsReport needs the whole objects of Get-VitalsHealth, not its -AsSummary rows: pipe Get-VitalsHealth without -AsSummary.";
    public static string ReportDeserialized(string package) =>
        F("The health object of {0} was serialized (by a job, a remote session or Export-Clixml) and lost the daily series and issues a report draws. Run Get-VitalsHealth in this session and pipe it to Export-VitalsReport.", package);
    public static string ReportNothing(string path, int inputs) =>
        inputs == 0
            ? F("No health object was received, so '{0}' was not written.", path)
            : F("None of the {1} input(s) could go into the report (the errors above say why), so '{0}' was not written.", path, inputs);
    public static string ReportAction() => "Write the release health report";
    public static string ReportWrote(int packages, string path, long bytes) =>
        F("Wrote the health report of {0} package(s) to {1} ({2:N0} bytes).", packages, path, bytes);

    public static string HealthMeasureSummary(Health.MeasureHealth m) =>
        F("{0}: {1} {2} (baseline {3}, {4}); {5} {6} vs {7} {8}: {9}",
            m.Measure, m.RateMetric, Percent(m.WindowRate), Percent(m.BaselineRate), SignedPercent(m.RelativeChange),
            m.NewVersion ?? "-", Percent(m.NewVersionRate), m.PreviousVersion ?? "-", Percent(m.PreviousVersionRate), m.Verdict);

    /// <summary>A fraction as a percentage with up to 3 decimals (0.01234 is 1.234%), or n/a.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string SignedPercent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("+0.#;-0.#;0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Percent0(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Points(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture) + " pp" : "n/a";

    private static string RequestIdSuffix(string? requestId) =>
        string.IsNullOrEmpty(requestId) ? "" : F(" (requestId {0})", requestId);
}
