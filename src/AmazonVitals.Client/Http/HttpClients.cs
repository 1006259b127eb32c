using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace AmazonVitals.Client.Http;

/// <summary>
/// One HttpClient per scheme and authority for the whole process: sockets are pooled and reused
/// across sessions and runspaces instead of leaking one pool per call.
/// </summary>
internal static class HttpClients
{
    // Lazy, so two threads racing through GetOrAdd still build one client, not one each.
    private static readonly ConcurrentDictionary<string, Lazy<HttpClient>> s_clients = new(StringComparer.OrdinalIgnoreCase);

    public static HttpClient For(Uri uri) =>
        s_clients.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => new Lazy<HttpClient>(() => Create(uri))).Value;

    private static HttpClient Create(Uri uri)
    {
#if NET
        var handler = new SocketsHttpHandler
        {
            // Recycle pooled connections so DNS changes are seen by long-running runbooks.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(20),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            // The API never redirects. Not following redirects means the Authorization header can
            // never be carried to another host; a 3xx surfaces as an error instead.
            AllowAutoRedirect = false,
            UseCookies = false,
        };
#else
        // .NET Framework (Windows PowerShell 5.1): add TLS 1.2 without removing what is set, and
        // recycle connections through the service point so DNS changes are still seen.
        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        ServicePointManager.FindServicePoint(uri).ConnectionLeaseTimeout = (int)TimeSpan.FromMinutes(5).TotalMilliseconds;
        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
#endif
        return new HttpClient(handler, disposeHandler: true)
        {
            // Deadlines belong to the resilience pipeline (per attempt and per call), not here.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", "AmazonVitals-PowerShell/" + typeof(HttpClients).Assembly.GetName().Version } },
        };
    }
}
