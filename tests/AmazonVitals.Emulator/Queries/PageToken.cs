using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AmazonVitals.Emulator.Http;

namespace AmazonVitals.Emulator.Queries;

/// <summary>
/// Opaque page cursors: base64 of "vq1|&lt;hash of the query&gt;|&lt;row offset&gt;". The hash binds a token to
/// the body it came from (everything but pageToken and pageSize), so a token from another query is refused.
/// </summary>
public static class PageToken
{
    private const string Prefix = "vq1";

    public static string QueryHash(string canonical)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }

    public static string Create(string canonical, long offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Prefix}|{QueryHash(canonical)}|{offset}")));

    /// <summary>The row offset a token points at, or a 400 when it is malformed or belongs to another query.</summary>
    public static long Resolve(string token, string canonical)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiException.Invalid("pageToken is not valid: pass back the nextPageToken of the previous page unchanged");
        }

        var parts = text.Split('|');
        if (parts.Length != 3 || !string.Equals(parts[0], Prefix, StringComparison.Ordinal)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw ApiException.Invalid("pageToken is not valid: pass back the nextPageToken of the previous page unchanged");
        }

        if (!string.Equals(parts[1], QueryHash(canonical), StringComparison.Ordinal))
        {
            throw ApiException.Invalid("pageToken does not match this query: a page token only works with the same query body it was returned for");
        }

        return offset;
    }
}
