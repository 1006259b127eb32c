using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AmazonVitals.Client.Http;

/// <summary>
/// The one owner of a response body's array, from the moment the pipeline reads the body until the
/// last use of its bytes. A page's body is one of its query's <see cref="BodyBuffers"/>: disposing
/// the owner gives the array back, once, for a later page to be read into. Ownership is handed on,
/// never shared: the pipeline reads the body into an owner and disposes it after parsing; a parser
/// that keeps the bytes (a rate page) takes them with <see cref="HandOn"/>, which leaves the
/// pipeline's owner empty; the page hands them on to the reader of its rows, and that reader gives
/// them back after its last row, or when it is disposed. Whoever holds the owner last disposes it;
/// a dropped page is disposed by its <c>PageReader</c>.
/// </summary>
/// <remarks>
/// Bytes asked for after the array went back throw <see cref="ObjectDisposedException"/>: by then
/// they may be another page's, and reading on would write that page's rows as this one's.
/// </remarks>
internal sealed class ResponseBody : IDisposable
{
    private byte[]? _bytes;
    private readonly BodyBuffers? _home;

    private ResponseBody(byte[] bytes, int length, BodyBuffers? home)
    {
        _bytes = bytes;
        Length = length;
        _home = home;
    }

    /// <summary>An array that belongs to no query's buffers (small answers, tests): disposing it only ends its use.</summary>
    public static ResponseBody Unowned(byte[] bytes, int length) => new(bytes, length, null);

    /// <summary>The body's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The body's bytes, while this owner holds them.</summary>
    public ReadOnlySpan<byte> Span => Bytes.AsSpan(0, Length);

    /// <summary>The array, while this owner holds it; only the first <see cref="Length"/> bytes are the body.</summary>
    public byte[] Bytes => _bytes ?? throw new ObjectDisposedException(nameof(ResponseBody), "The body was given back or handed on; its bytes may already be another page's.");

    /// <summary>True once the bytes went back or were handed on.</summary>
    public bool IsDisposed => Volatile.Read(ref _bytes) is null;

    /// <summary>
    /// Moves the array to a new owner and leaves this one empty, so the code that held this one
    /// (the pipeline) disposes it as always, and nothing goes back until the new owner is disposed.
    /// </summary>
    public ResponseBody HandOn()
    {
        var bytes = Interlocked.Exchange(ref _bytes, null) ?? throw new ObjectDisposedException(nameof(ResponseBody), "The body was given back or handed on already.");
        return new ResponseBody(bytes, Length, _home);
    }

    /// <summary>Gives the array back to its query's buffers; a second call, or one after <see cref="HandOn"/>, does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _bytes, null) is { } bytes)
            _home?.Return(bytes);
    }

    /// <summary>
    /// Reads a whole body from <paramref name="stream"/> into an array of <paramref name="home"/>
    /// (a fresh one without), which the returned owner holds; on failure the array goes back at once.
    /// <paramref name="declared"/> is the Content-Length, when the server sent one: one array of
    /// that size holds the body, and a body of another length is an error.
    /// </summary>
    public static async Task<ResponseBody> ReadAsync(Stream stream, long? declared, BodyBuffers? home, CancellationToken cancellationToken)
    {
        // One byte over the declared length, so the end shows as a read of 0.
        var size = declared is > 0 and < int.MaxValue - 1 ? (int)declared + 1 : 64 * 1024;
        var buffer = home is null ? new byte[size] : await home.RentAsync(size, cancellationToken).ConfigureAwait(false);
        var rented = buffer;
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                var read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                length += read;
            }
            if (declared is { } expected && length != expected)
                throw new IOException(string.Format(CultureInfo.InvariantCulture, "The response body ended after {0} of {1} bytes.", length, expected));
        }
        catch
        {
            home?.Return(rented);
            throw;
        }
        // A body with no declared length may have outgrown the rented array: the larger one takes
        // its place in the query's buffers (slots are counted, not arrays).
        return new ResponseBody(buffer, length, home);
    }
}
