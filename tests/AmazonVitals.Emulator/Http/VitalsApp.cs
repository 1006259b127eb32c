using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AmazonVitals.Emulator.Auth;
using AmazonVitals.Emulator.Control;
using AmazonVitals.Emulator.Data;
using AmazonVitals.Emulator.Profiles;
using AmazonVitals.Emulator.Queries;
using Microsoft.AspNetCore.Http;

namespace AmazonVitals.Emulator.Http;

/// <summary>
/// The one request handler: route, log, faults, then auth, rate limit, 404s, validation and the answer.
/// Faults come first because they stand for the network and the load balancer in front of the API.
/// </summary>
public sealed class VitalsApp
{
    public const string RequestIdHeader = "x-amzn-RequestId";
    private const int MaxBodyBytes = 1024 * 1024;

    private static readonly byte[] BadJson = "{\"status\":200,\"rows\":[{\"startTime\":{\"year\":20"u8.ToArray();

    private readonly EmulatorState _state;
    private readonly ProfileRules _rules;
    private readonly TokenEndpoint _token;
    private readonly ControlEndpoints _control;

    public VitalsApp(EmulatorState state)
    {
        _state = state;
        _rules = state.Rules;
        _token = new TokenEndpoint(state.Settings, state.Tokens);
        _control = new ControlEndpoints(state);
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var started = Stopwatch.GetTimestamp();
        // Always made and logged, so tests can match log entries to answers even where no header carries it.
        var requestId = Guid.NewGuid().ToString();
        if (_rules.SendsRequestIdHeader)
        {
            ctx.Response.Headers[RequestIdHeader] = requestId;
        }

        var method = ctx.Request.Method;
        var path = ctx.Request.Path.Value ?? "/";
        var route = RouteMatch.Of(method, path);
        var generation = _state.Log.Generation;
        var entry = new LogEntry
        {
            Seq = _state.Log.NextSeq(),
            Time = DateTimeOffset.UtcNow,
            Route = route.Kind,
            Method = method,
            Path = path,
            Package = route.Package,
            MetricSet = route.MetricSet,
            RequestId = requestId,
        };

        try
        {
            var body = await ReadBodyAsync(ctx.Request).ConfigureAwait(false);
            if (route.Kind == RouteKind.Query)
            {
                entry = entry with { Body = Encoding.UTF8.GetString(body.Span) };
                entry.PageToken = PageTokenOf(body);
            }

            var fault = _state.Faults.Take(route.Kind);
            entry.Fault = fault?.KindName;
            EmulatorResponse? response = null;
            switch (fault?.Kind)
            {
                case FaultKind.Slow:
                    await Task.Delay(fault.DelayMs, ctx.RequestAborted).ConfigureAwait(false);
                    break;
                case FaultKind.ExpireToken:
                    _state.Tokens.ExpireAll();
                    break;
                case FaultKind.Drop:
                    entry.Status = 0;
                    ctx.Abort();
                    return;
                case FaultKind.Status:
                    response = FaultStatus(route.Kind, fault, requestId);
                    break;
                case FaultKind.BadJson:
                    response = new EmulatorResponse(200, BadJson, ReadOnlyMemory<byte>.Empty);
                    break;
                case FaultKind.Body:
                    response = new EmulatorResponse(fault.Status, Encoding.UTF8.GetBytes(fault.Body!), ReadOnlyMemory<byte>.Empty) { ContentType = fault.ContentType };
                    break;
            }

            response ??= Answer(ctx, route, body, requestId, entry);
            entry.Status = response.Status;
            entry.ResultCount = response.ResultCount;
            if (fault?.Kind == FaultKind.Truncate)
            {
                await WriteTruncatedAsync(ctx, response).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(ctx, response).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a timeout during a slow fault, typically): nothing to answer.
            entry.Status = 0;
        }
        catch (IOException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            entry.Status = 0;
        }
        catch (ApiException e) when (!ctx.Response.HasStarted)
        {
            // Malformed control or token bodies end up here.
            var response = EmulatorResponse.Error(e, BodyRequestId(requestId));
            entry.Status = response.Status;
            await WriteAsync(ctx, response).ConfigureAwait(false);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
        {
            // A bug in the emulator: answer like Amazon's 500 rather than an empty body, and say why on stderr.
            await Console.Error.WriteLineAsync($"emulator: {e}").ConfigureAwait(false);
            var response = EmulatorResponse.Error(500, "INTERNAL", $"Emulator error: {e.GetType().Name}: {e.Message}", BodyRequestId(requestId));
            entry.Status = response.Status;
            await WriteAsync(ctx, response).ConfigureAwait(false);
        }
        finally
        {
            entry.DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _state.Log.Add(entry, generation);
        }
    }

    private EmulatorResponse Answer(HttpContext ctx, RouteMatch route, ReadOnlyMemory<byte> body, string requestId, LogEntry entry)
    {
        if (!route.MethodAllowed)
        {
            return EmulatorResponse.Error(405, "METHOD_NOT_ALLOWED", $"{ctx.Request.Method} is not supported on {ctx.Request.Path}", BodyRequestId(requestId));
        }

        switch (route.Kind)
        {
            case RouteKind.Control:
                return _control.Handle(ctx.Request.Method, ctx.Request.Path.Value!, ctx.Request.Query, body);
            case RouteKind.Token:
                var tokenResponse = _token.Handle(ctx.Request.ContentType, body, out var clientId);
                entry.ClientId = clientId;
                return tokenResponse;
            case RouteKind.Other:
                return EmulatorResponse.Error(404, "NOT_FOUND", $"No such route: {ctx.Request.Method} {ctx.Request.Path}", BodyRequestId(requestId));
        }

        try
        {
            var client = Authorize(ctx.Request);
            entry.ClientId = client;
            if (!_state.RateLimiter.TryAccept(client, _state.Settings.RateLimit))
            {
                var limit = _state.Settings.RateLimit;
                var retryAfter = _rules.SendsRetryAfter ? new Dictionary<string, string>(StringComparer.Ordinal) { ["Retry-After"] = "1" } : null;
                return EmulatorResponse.Error(429, "RATE_LIMITED", $"Exceeded {limit} req/sec", BodyRequestId(requestId), retryAfter);
            }

            var set = Resolve(route.Package!, route.MetricSet!);
            var windows = _state.Settings.Windows();
            if (route.Kind == RouteKind.Freshness)
            {
                return FreshnessAnswer.For(set, windows, _rules, requestId);
            }

            var query = QueryParser.Parse(route.Version, route.Package!, set, body, windows);
            return _state.Queries.Execute(query, windows, requestId);
        }
        catch (ApiException e)
        {
            return EmulatorResponse.Error(e, BodyRequestId(requestId));
        }
    }

    private string Authorize(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length <= scheme.Length)
        {
            throw new ApiException(403, "UNAUTHORIZED", "Missing access token: send 'Authorization: Bearer <token>' from /auth/o2/token");
        }

        return _state.Tokens.Validate(header[scheme.Length..].Trim(), out var client) switch
        {
            TokenStore.Check.Valid => client,
            TokenStore.Check.Expired => throw new ApiException(403, "UNAUTHORIZED", "The access token has expired: request a new one"),
            _ => throw new ApiException(403, "UNAUTHORIZED", "The access token is not valid"),
        };
    }

    /// <summary>The requestId for an error body: the inferred profile's guess; strict keeps the reference's three fields.</summary>
    private string? BodyRequestId(string requestId) => _rules.RequestIdInEveryBody ? requestId : null;

    private MetricSetInfo Resolve(string package, string metricSet)
    {
        if (!Catalog.IsKnownPackage(package))
        {
            throw ApiException.NotFound($"Package '{package}' was not found for this account");
        }

        var set = _rules.FindMetricSet(metricSet)
            ?? throw ApiException.NotFound($"Unknown metric set '{metricSet}'. Metric sets: {string.Join(", ", _rules.MetricSets.Select(s => s.Name))}");
        if (PackageProfile.Find(package) == null)
        {
            throw ApiException.NotFound($"No vitals data is available yet for package '{package}'");
        }

        return set;
    }

    private EmulatorResponse FaultStatus(RouteKind route, FaultSpec fault, string requestId)
    {
        var headers = fault.RetryAfter == null ? null
            : new Dictionary<string, string>(StringComparer.Ordinal) { ["Retry-After"] = fault.RetryAfter };
        if (route == RouteKind.Token)
        {
            var error = fault.Status switch
            {
                401 => "invalid_client",
                503 => "temporarily_unavailable",
                >= 500 => "server_error",
                _ => "invalid_request",
            };
            return EmulatorResponse.LwaError(fault.Status, error, $"Injected fault: HTTP {fault.Status}", headers);
        }

        return EmulatorResponse.Error(fault.Status, ApiException.CodeFor(fault.Status), $"Injected fault: HTTP {fault.Status}", BodyRequestId(requestId), headers);
    }

    private static string? PageTokenOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("pageToken", out var token)
                && token.ValueKind == System.Text.Json.JsonValueKind.String
                ? token.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || HttpMethods.IsGet(request.Method))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBodyBytes)
                {
                    throw ApiException.Invalid($"Request body larger than {MaxBodyBytes} bytes");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static void PrepareHeaders(HttpContext ctx, EmulatorResponse response)
    {
        ctx.Response.StatusCode = response.Status;
        ctx.Response.ContentType = response.ContentType;
        ctx.Response.ContentLength = response.Length;
        if (response.Headers != null)
        {
            foreach (var (name, value) in response.Headers)
            {
                ctx.Response.Headers[name] = value;
            }
        }
    }

    private static async Task WriteAsync(HttpContext ctx, EmulatorResponse response)
    {
        PrepareHeaders(ctx, response);
        await ctx.Response.Body.WriteAsync(response.Head, ctx.RequestAborted).ConfigureAwait(false);
        if (!response.Tail.IsEmpty)
        {
            await ctx.Response.Body.WriteAsync(response.Tail, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The truncate fault: headers promise the full Content-Length, half the bytes go out, then the
    /// connection is aborted, so the client sees a body that ends early (as when a proxy dies mid-answer).
    /// </summary>
    private static async Task WriteTruncatedAsync(HttpContext ctx, EmulatorResponse response)
    {
        PrepareHeaders(ctx, response);
        var all = response.ToArray();
        await ctx.Response.Body.WriteAsync(all.AsMemory(0, all.Length / 2), ctx.RequestAborted).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
        // Give the bytes a moment to leave before the reset, so the client reads a partial body rather than nothing
        // (generous: on a busy 2-core machine the client may take a while to read the headers).
        await Task.Delay(300, ctx.RequestAborted).ConfigureAwait(false);
        ctx.Abort();
    }
}
