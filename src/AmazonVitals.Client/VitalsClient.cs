using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Auth;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Export;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;
using AmazonVitals.Client.Paging;
using AmazonVitals.Client.Wire;

namespace AmazonVitals.Client;

/// <summary>
/// The facade the cmdlets call: freshness, planning, and paged queries. One instance per session;
/// the HTTP connections and the rate gate beneath it are shared process-wide.
/// </summary>
public sealed class VitalsClient
{
    /// <summary>How long freshness answers are reused for default windows, schemas and completion.</summary>
    public static readonly TimeSpan FreshnessCacheLifetime = TimeSpan.FromMinutes(5);

    private readonly IWireFormat _wire;
    private readonly RequestPipeline _pipeline;
    private readonly TokenSource _tokens;
    private readonly RateGate _gate;
    private readonly ConcurrentDictionary<(string, string), (FreshnessInfo Info, DateTime FetchedAt)> _freshness = new();

    private VitalsClient(VitalsClientOptions options)
    {
        Options = options;
        _wire = WireFormats.For(options.ApiVersion, options.BaseUri);
        _pipeline = new RequestPipeline(options, _wire);
        _tokens = new TokenSource(options.ClientId, options.ClientSecret, options.TokenUri, _pipeline);
        _gate = RateGate.For(options.ClientId, options.RequestsPerSecond);
    }

    /// <summary>Validates the options and makes a client; sends nothing.</summary>
    public static VitalsClient Create(VitalsClientOptions options)
    {
        options.Validate();
        return new VitalsClient(options);
    }

    public VitalsClientOptions Options { get; }
    public DateTimeOffset? TokenExpiresAt => _tokens.ExpiresAt;
    /// <summary>Token requests made so far, for tests.</summary>
    internal int TokenRequestCount => _tokens.FetchCount;

    /// <summary>
    /// Fetches a token now, so bad credentials fail at connect time; only then does this client's
    /// rate limit become the one for its client id in the whole process.
    /// </summary>
    public async Task ConnectAsync(IVitalsTrace trace, CancellationToken cancellationToken)
    {
        await _tokens.GetTokenAsync(trace, cancellationToken).ConfigureAwait(false);
        _gate.Limit = Options.RequestsPerSecond;
    }

    /// <summary>Gets a token (cached, or fetched once for all concurrent callers), for tests.</summary>
    internal Task<string> GetTokenForTestAsync(CancellationToken cancellationToken) => _tokens.GetTokenAsync(NullTrace.Instance, cancellationToken);

    /// <summary>Forgets the token; any later need for one fails with NotConnected.</summary>
    public void Disconnect() => _tokens.Close();

    /// <summary>What a metric set offers and how fresh it is. Cached briefly unless <paramref name="fresh"/>.</summary>
    public async Task<FreshnessInfo> GetFreshnessAsync(string packageName, string metricSet, IVitalsTrace trace, CancellationToken cancellationToken, bool fresh = false)
    {
        InputChecks.CheckPathName(packageName, "-PackageName");
        InputChecks.CheckPathName(metricSet, "-MetricSet");
        metricSet = NameCase.MetricSet(metricSet, trace);
        var key = (packageName, metricSet);
        if (!fresh && _freshness.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.FetchedAt < FreshnessCacheLifetime)
            return cached.Info;
        var info = await _pipeline.SendAsync(Authorized(_wire.FreshnessRequest(packageName, metricSet)),
            (in VitalsResponse r) => _wire.ParseFreshness(packageName, metricSet, r), trace, cancellationToken).ConfigureAwait(false);
        _freshness[key] = (info, DateTime.UtcNow);
        return info;
    }

    /// <summary>The freshness last fetched for a set, without a request; null if none is cached.</summary>
    public FreshnessInfo? CachedFreshness(string packageName, string metricSet) =>
        _freshness.TryGetValue((packageName, metricSet), out var cached) ? cached.Info : null;

    /// <summary>Checks and plans a rate query; asks the freshness endpoint only when a time or the metric list is missing.</summary>
    /// <remarks>
    /// Names first (<see cref="NameCase"/>): a metric set, metric or dimension known apart from its
    /// case is sent in the known case, from the built-in lists and any cached freshness answer.
    /// </remarks>
    public async Task<QueryPlan> PlanAsync(MetricQuery query, int? rowLimit, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        QueryPlanner.Check(query);
        var metricSet = NameCase.MetricSet(query.MetricSet, trace);
        if (!ReferenceEquals(metricSet, query.MetricSet))
            query = query.With(metricSet: metricSet);
        query = NameCase.Fix(query, CachedFreshness(query.PackageName, query.MetricSet), trace);
        var freshness = QueryPlanner.NeedsFreshness(query)
            ? await GetFreshnessAsync(query.PackageName, query.MetricSet, trace, cancellationToken).ConfigureAwait(false)
            : null;
        query = NameCase.Fix(query, freshness, trace);
        return QueryPlanner.Plan(query, freshness, rowLimit, _wire.TrimsRows);
    }


    /// <summary>Checks and plans an issues query.</summary>
    public async Task<QueryPlan> PlanAsync(IssueQuery query, int? rowLimit, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        QueryPlanner.Check(query);
        query = NameCase.Fix(query, CachedFreshness(query.PackageName, KnownMetricSets.Issues), trace);
        var freshness = query.Start is null || query.End is null
            ? await GetFreshnessAsync(query.PackageName, KnownMetricSets.Issues, trace, cancellationToken).ConfigureAwait(false)
            : null;
        query = NameCase.Fix(query, freshness, trace);
        return QueryPlanner.Plan(query, freshness, rowLimit);
    }

    /// <summary>
    /// Opens the pages of a planned rate query. Nothing is sent until the first read. Each page is
    /// checked whole when it arrives and read row by row as it is used; its body is reused for a
    /// later page once the reader moves on, so the query holds at most two bodies: the page in
    /// use and the one prefetched.
    /// </summary>
    public PageReader<MetricPage> OpenQuery(QueryPlan plan, IVitalsTrace trace, CancellationToken cancellationToken) =>
        OpenQuery(plan, trace, cancellationToken, new BodyBuffers());

    /// <summary>
    /// The same, holding one body at a time when <paramref name="oneBodyAtATime"/>: the next
    /// page's request still goes out while this page is used (and waits at the rate gate), but its
    /// body is read only once this page is released. For a consumer faster than the rate limit
    /// lets pages come (a file writer), that costs no time and half the memory.
    /// </summary>
    public PageReader<MetricPage> OpenQuery(QueryPlan plan, IVitalsTrace trace, CancellationToken cancellationToken, bool oneBodyAtATime) =>
        OpenQuery(plan, trace, cancellationToken, oneBodyAtATime ? new BodyBuffers(1, OneBodyPatience(Options)) : new BodyBuffers());

    /// <summary>
    /// Opens the pages of a planned rate query for a file: each page's rows are written by
    /// <paramref name="writer"/>'s encoder for this query (<see cref="RowFileWriter.Begin"/> first)
    /// while the page is checked, so its JSON is parsed once; the rows are written over the JSON
    /// already read (<see cref="EncodedPage"/>), so the page's body is all it costs. One body at a
    /// time: the next is read once the file has this page's rows and the page is dropped.
    /// </summary>
    public PageReader<EncodedPage> OpenQuery(QueryPlan plan, RowFileWriter writer, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        var strings = NotingStrings(plan);
        var encoder = writer.Encoder;
        var buffers = new BodyBuffers(1, OneBodyPatience(Options));
        return new PageReader<EncodedPage>((token, ct) => _pipeline.SendAsync(Authorized(_wire.QueryRequest(plan, token)),
            (in VitalsResponse r) => _wire.ParseEncodedPage(plan, r, strings, encoder), trace, ct, buffers), cancellationToken);
    }

    /// <summary>
    /// How long the next body waits for the page in use: the wait counts against the request's
    /// deadlines, so it takes a small part of the shorter one, capped (a file writer releases a page
    /// long before; a consumer slower than the cap gets a second body rather than a timed-out request).
    /// </summary>
    internal static TimeSpan OneBodyPatience(VitalsClientOptions options)
    {
        // An infinite deadline (Timeout.InfiniteTimeSpan, negative) leaves the most patience.
        var deadlines = new[] { options.AttemptTimeout, options.TotalTimeout }.Where(d => d > TimeSpan.Zero).ToList();
        if (deadlines.Count == 0)
            return MaxOneBodyPatience;
        var part = TimeSpan.FromTicks(deadlines.Min().Ticks / 4);
        return part < MaxOneBodyPatience ? part : MaxOneBodyPatience;
    }

    private static readonly TimeSpan MaxOneBodyPatience = TimeSpan.FromSeconds(2);

    /// <summary>The dimension values seen in the rows read, for explaining an empty answer.</summary>
    public SeenValues Seen { get; } = new();

    /// <summary>The same, with the body buffers given (tests count what they allocate).</summary>
    internal PageReader<MetricPage> OpenQuery(QueryPlan plan, IVitalsTrace trace, CancellationToken cancellationToken, BodyBuffers buffers)
    {
        var strings = NotingStrings(plan);
        return new PageReader<MetricPage>((token, ct) => _pipeline.SendAsync(Authorized(_wire.QueryRequest(plan, token)),
            (in VitalsResponse r) => _wire.ParseMetricPage(plan, r, strings), trace, ct, buffers), cancellationToken);
    }

    /// <summary>Opens the pages of a planned issues query.</summary>
    public PageReader<IssuePage> OpenIssues(QueryPlan plan, IVitalsTrace trace, CancellationToken cancellationToken)
    {
        var strings = NotingStrings(plan);
        return new PageReader<IssuePage>((token, ct) => _pipeline.SendAsync(Authorized(_wire.QueryRequest(plan, token)),
            (in VitalsResponse r) => _wire.ParseIssuePage(plan, r, strings), trace, ct), cancellationToken);
    }

    /// <summary>
    /// A query's string cache, which tells <see cref="Seen"/> each dimension value the first time
    /// the query meets it. Not a filtered dimension's: its rows hold only the values asked for, and
    /// would make every other value look unknown.
    /// </summary>
    private StringCache NotingStrings(QueryPlan plan)
    {
        var dimensions = plan.Schema.Dimensions;
        return new StringCache((column, value) =>
        {
            if (column < dimensions.Count && !plan.Filter.ContainsKey(dimensions[column]))
                Seen.Note(plan.PackageName, dimensions[column], value);
        });
    }

    // Every API request waits at the rate gate and carries a token; the wire format knows neither.
    private VitalsRequest Authorized(VitalsRequest request) => request with { Authenticator = _tokens, RateGate = _gate };
}
