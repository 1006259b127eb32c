using System.Threading;
using System.Threading.Tasks;
using AmazonVitals.Client.Diagnostics;

namespace AmazonVitals.Client.Http;

/// <summary>Gives the pipeline a bearer token, and takes back one the server refused.</summary>
internal interface IAuthenticator
{
    Task<string> GetTokenAsync(IVitalsTrace trace, CancellationToken cancellationToken);
    void Invalidate(string token);
}
