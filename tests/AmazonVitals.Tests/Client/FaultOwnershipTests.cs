using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client;
using AmazonVitals.Client.Diagnostics;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Wire;
using AmazonVitals.Client.Wire.V1;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>
/// Whose fault a failure while parsing is (Errors/Faults): only the wire format's own exceptions
/// are the server's bad data; any other exception from our parsing is an internal error, not retried.
/// </summary>
public sealed class FaultOwnershipTests
{
    /// <summary>A loopback server that answers every request with 200 and a small JSON body, counting the requests.</summary>
    private sealed class StubServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        public StubServer()
        {
            var port = FreePort();
            Uri = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Uri.ToString());
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public Uri Uri { get; }
        public int Requests => Volatile.Read(ref _requests);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                Interlocked.Increment(ref _requests);
                var body = Encoding.UTF8.GetBytes("{\"requestId\":\"stub-id\",\"rows\":[]}");
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose() => _listener.Close();
    }

    private static async Task<(VitalsException Error, int Requests)> SendAsync(ResponseParser<int> parse)
    {
        using var server = new StubServer();
        var secret = new SecureString();
        secret.AppendChar('x');
        var options = new VitalsClientOptions("faults", secret)
        {
            BaseUri = server.Uri,
            MaxRetryCount = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };
        var pipeline = new RequestPipeline(options, new V1WireFormat(options.BaseUri));
        var request = new VitalsRequest(HttpMethod.Get, new Uri(server.Uri, "page"), "/page");
        var error = await Assert.ThrowsAnyAsync<VitalsException>(() => pipeline.SendAsync(request, parse, NullTrace.Instance, CancellationToken.None));
        return (error, server.Requests);
    }

    [Fact]
    public async Task A_bug_in_our_parser_is_an_internal_error_and_not_retried()
    {
        var (error, requests) = await SendAsync((in VitalsResponse _) => throw new NullReferenceException("a bug"));

        Assert.Equal(VitalsErrorKind.Internal, error.Kind);
        Assert.Equal("AmazonVitalsInternalError", error.ErrorId);
        Assert.Equal("stub-id", error.RequestId);
        Assert.IsType<NullReferenceException>(error.InnerException);
        Assert.Contains("bug in the AmazonVitals module", error.Message, StringComparison.Ordinal);
        Assert.Contains("stub-id", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task An_InvalidOperationException_of_ours_is_not_blamed_on_the_server()
    {
        var (error, requests) = await SendAsync((in VitalsResponse _) => throw new InvalidOperationException("a state of ours"));

        Assert.Equal(VitalsErrorKind.Internal, error.Kind);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_bad_value_from_the_server_is_MalformedResponse_and_not_retried()
    {
        var (error, requests) = await SendAsync((in VitalsResponse _) => throw new WireValueException("metric 'crashRate' is 'NaN'"));

        var malformed = Assert.IsType<MalformedResponseException>(error);
        Assert.Equal(VitalsErrorKind.MalformedResponse, malformed.Kind);
        Assert.False(malformed.IsTransient);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_MalformedResponse_and_retried()
    {
        var (error, requests) = await SendAsync((in VitalsResponse _) => throw new JsonException("not JSON"));

        var malformed = Assert.IsType<MalformedResponseException>(error);
        Assert.True(malformed.IsTransient);
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task A_MalformedResponseException_passes_as_it_is()
    {
        var thrown = new MalformedResponseException("bad", "stub-id", isTransient: false);
        var (error, requests) = await SendAsync((in VitalsResponse _) => throw thrown);

        Assert.Same(thrown, error);
        Assert.Equal(1, requests);
    }

    [Theory]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("{\"a\":\"\\udc00x\"}")]
    public void Text_that_cannot_be_decoded_is_the_servers_bad_value(string json)
    {
        Assert.Throws<WireValueException>(() => ReadFirst(json));
    }

    private static string? ReadFirst(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        reader.Read();
        return JsonReading.ReadOptionalString(ref reader);
    }

    [Fact]
    public void Classify_keeps_the_bug_inside_and_names_the_module()
    {
        var bug = new IndexOutOfRangeException("index");
        var error = Faults.Classify(bug, null);

        Assert.Equal(VitalsErrorKind.Internal, error.Kind);
        Assert.Same(bug, error.InnerException);
        Assert.StartsWith("AmazonVitals failed with an internal error (IndexOutOfRangeException: index)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("requestId", error.Message, StringComparison.Ordinal);
    }
}
