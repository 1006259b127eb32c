using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Compat;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Wire;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AmazonVitals.Client.Http;

/// <summary>Turns a whole response into a result. Runs inside the attempt, so a broken body is retried.</summary>
internal delegate T ResponseParser<T>(in VitalsResponse response);

/// <summary>
/// The one path every request takes, token requests included, in the order the code runs it:
/// total deadline → retry (backoff, jitter, capped Retry-After; RetryRules decides) → attempt
/// deadline → bearer token → rate gate → send → read the whole body → requestId (body, else
/// header) → map errors → parse. Only Http/ may touch HttpClient (the build bans it elsewhere).
/// </summary>
internal sealed class RequestPipeline
{
    private static readonly ResiliencePropertyKey<CallState> s_state = new("AmazonVitals.CallState");

    private readonly VitalsClientOptions _options;
    private readonly IWireFormat _wire;
    private readonly ResiliencePipeline _resilience;

    public RequestPipeline(VitalsClientOptions options, IWireFormat wire)
    {
        _options = options;
        _wire = wire;
        _resilience = Build(options);
    }

    /// <summary>The Polly pipeline itself, for tests of its composition.</summary>
    internal ResiliencePipeline Resilience => _resilience;

    /// <summary>
    /// Sends a request through the whole pipeline and parses the answer. The body is read into one
    /// of <paramref name="bodies"/> when given (a page), else into an array of its own; either way
    /// its <see cref="ResponseBody"/> is disposed after parsing, unless the parser handed it on.
    /// </summary>
    public async Task<T> SendAsync<T>(VitalsRequest request, ResponseParser<T> parse, IVitalsTrace trace, CancellationToken cancellationToken, BodyBuffers? bodies = null)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var state = new CallState(request, trace, bodies);
        context.Properties.Set(s_state, state);
        try
        {
            return await _resilience.ExecuteAsync(
                static async (ctx, args) => await args.Self.AttemptAsync(args.State, args.Parse, ctx.CancellationToken).ConfigureAwait(false),
                context, (Self: this, State: state, Parse: parse)).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, request, state) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<T> AttemptAsync<T>(CallState state, ResponseParser<T> parse, CancellationToken cancellationToken)
    {
        var request = state.Request;
        var refreshes = 0;
        // One attempt per call from the retry strategy: a 403's fresh token and resend is part of it.
        state.Attempt++;
        while (true)
        {
            // The token first: a refresh can take a while, and a slot taken before it would let
            // the requests that waited for the token arrive together with the next ones.
            var token = request.Authenticator is { } auth ? await auth.GetTokenAsync(state.Trace, cancellationToken).ConfigureAwait(false) : null;
            if (request.RateGate is { } gate)
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);

            var response = await ExchangeAsync(state, token, cancellationToken).ConfigureAwait(false);
            // Disposed whatever happens: a parser that keeps the bytes (a page) has handed them on.
            using var body = response.Body;
            try
            {
                // A 403 usually means the token expired early or was revoked: a fresh token, one more try.
                if (response.StatusCode == 403 && token is not null)
                {
                    request.Authenticator!.Invalidate(token);
                    if (RetryRules.ShouldRefreshToken(response.StatusCode, carriedToken: true, refreshes++))
                    {
                        state.Trace.Verbose(Messages.TokenRefusedRetrying());
                        continue;
                    }
                    throw new VitalsException(Messages.TokenRefusedAfterRefresh(response.RequestId), VitalsErrorKind.Authentication, "TokenRefusedAfterRefresh", response.RequestId);
                }
                if (response.StatusCode is < 200 or > 299)
                {
                    var error = request.ReadError is { } read ? read(response) : _wire.ParseError(response);
                    throw new VitalsApiException(response.StatusCode, error.Code, error.Message, response.RequestId, state.RetryAfter,
                        hint: request.ReadError is null ? BaseUriHint(response.StatusCode) : null);
                }
                return parse(response);
            }
            catch (Exception e) when (e is not (VitalsException or OperationCanceledException))
            {
                // Only the wire format's own exceptions are the server's bad data; anything else
                // thrown while parsing is our bug, said as one and never retried (Faults).
                throw Faults.Classify(e, response.RequestId);
            }
        }
    }

    /// <summary>
    /// A 404 from the API while -BaseUri lacks the /api/appstore path the API lives under: the
    /// likeliest cause is the base URI, so the message names the fix.
    /// </summary>
    private string? BaseUriHint(int status) =>
        status == 404 && !_options.BaseUri.AbsolutePath.TrimEnd('/').EndsWith("/api/appstore", StringComparison.OrdinalIgnoreCase)
            ? Messages.BaseUriPathHint(_options.BaseUri)
            : null;

    /// <summary>The one place an HTTP exchange happens: send, read the whole body, log one line.</summary>
    private async Task<VitalsResponse> ExchangeAsync(CallState state, string? token, CancellationToken cancellationToken)
    {
        var request = state.Request;
        var started = Stopwatch.GetTimestamp();
        using var message = new HttpRequestMessage(request.Method, request.Uri) { Content = request.Content?.Invoke() };
        if (token is not null)
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (request.DebugBody is not null && state.Attempt == 1)
            state.Trace.Debug(request.Method + " " + request.DisplayPath + " body: " + request.DebugBody);
        try
        {
            state.GotHeaders = false;
            using var response = await HttpClients.For(request.Uri).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            state.GotHeaders = true;
            state.RetryAfter = RetryAfterOf(response);
            var body = await ReadBodyAsync(response, state.Bodies, cancellationToken).ConfigureAwait(false);
            // The reference documents requestId in the body only; a header is a fallback for
            // servers (or proxies) that send one and leave the body without it.
            var requestId = _wire.ReadRequestId(body.Span) ?? Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
            state.Trace.Verbose(Messages.Exchange(request.Method.Method, request.DisplayPath, (int)response.StatusCode, requestId, state.Attempt, Elapsed(started)));
            return new VitalsResponse((int)response.StatusCode, body, requestId);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            state.Trace.Verbose(Messages.ExchangeFailed(request.Method.Method, request.DisplayPath, e.Message, state.Attempt, Elapsed(started)));
            throw;
        }
    }

    private static async Task<ResponseBody> ReadBodyAsync(HttpResponseMessage response, BodyBuffers? bodies, CancellationToken cancellationToken)
    {
#if NET
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        // .NET Framework checks the token only when a read starts; closing the response is what
        // ends a read that has stalled, for Ctrl+C and the deadlines alike.
        using var stop = cancellationToken.Register(response.Dispose);
#endif
        // The declared length is known for API pages, so one array holds the body.
        return await ResponseBody.ReadAsync(stream, response.Content.Headers.ContentLength, bodies, cancellationToken).ConfigureAwait(false);
    }

    private ResiliencePipeline Build(VitalsClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder().AddTimeout(options.TotalTimeout);
        if (options.MaxRetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => new ValueTask<bool>(RetryRules.ShouldRetry(args.Outcome.Exception)),
                MaxRetryAttempts = options.MaxRetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryAfterCap,
                // Honour Retry-After, but never let a server push the wait past the cap
                // (Polly's own DelayGenerator and Azure's policy would wait however long it says).
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is VitalsApiException { RetryAfter: { } after }
                        ? (after > options.RetryAfterCap ? options.RetryAfterCap : after)
                        : null),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(s_state, out var state))
                        state.Trace.Verbose(Messages.Retrying(args.AttemptNumber + 1, options.MaxRetryCount, args.RetryDelay.TotalSeconds, Describe(args.Outcome.Exception)));
                    return default;
                },
            });
        }
        // An attempt never gets longer than the whole call.
        return builder.AddTimeout(options.AttemptTimeout < options.TotalTimeout ? options.AttemptTimeout : options.TotalTimeout).Build();
    }

    /// <summary>Maps what escaped the retries to the client's own exceptions; null keeps the original.</summary>
    private Exception? Translate(Exception e, VitalsRequest request, CallState state) => e switch
    {
        // A status that was retried until the retries ran out says so, as a dropped connection does.
        VitalsApiException api when state.Attempt > 1 && api.IsTransient => api.AfterAttempts(state.Attempt),
        VitalsException => null,
        OperationCanceledException => null,
        TimeoutRejectedException t when t.Timeout < _options.TotalTimeout =>
            new VitalsException(Messages.AttemptTimeout(t.Timeout.TotalSeconds, state.Attempt), VitalsErrorKind.Timeout, "Timeout"),
        TimeoutRejectedException => new VitalsException(Messages.Timeout(_options.TotalTimeout.TotalSeconds), VitalsErrorKind.Timeout, "Timeout"),
        HttpRequestException or IOException => new VitalsException(
            state.GotHeaders
                ? Messages.AnswerBrokeOff(request.Uri.GetLeftPart(UriPartial.Authority), Describe(e) + AttemptsSuffix(state), isPage: request.IsPage)
                : Messages.Unreachable(request.Uri.GetLeftPart(UriPartial.Authority), Describe(e) + AttemptsSuffix(state)),
            VitalsErrorKind.Connection, "ConnectionFailed"),
        _ => null,
    };

    private static string AttemptsSuffix(CallState state) =>
        state.Attempt > 1 ? string.Format(CultureInfo.InvariantCulture, " (after {0} attempts)", state.Attempt) : "";

    // The innermost message says what happened ("Connection refused"); the outer ones add nothing.
    private static string Describe(Exception? e)
    {
        if (e is null)
            return "unknown";
        if (e is VitalsException)
            return e.Message;
        var inner = e;
        while (inner.InnerException is not null)
            inner = inner.InnerException;
        return inner.Message;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double Elapsed(long started) => Utf8Text.ElapsedMilliseconds(started);

    /// <summary>Per call: the request, where to report, and what the last attempt learnt.</summary>
    private sealed class CallState
    {
        public CallState(VitalsRequest request, IVitalsTrace trace, BodyBuffers? bodies)
        {
            Request = request;
            Trace = trace;
            Bodies = bodies;
        }

        public VitalsRequest Request { get; }
        public IVitalsTrace Trace { get; }
        /// <summary>The query's arrays a page's body is read into; null for an array of its own.</summary>
        public BodyBuffers? Bodies { get; }
        public int Attempt { get; set; }
        public TimeSpan? RetryAfter { get; set; }
        /// <summary>The last attempt got the answer's headers: a failure after that broke off a body, the server was reached.</summary>
        public bool GotHeaders { get; set; }
    }
}
