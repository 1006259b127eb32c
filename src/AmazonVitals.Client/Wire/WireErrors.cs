using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Http;

namespace AmazonVitals.Client.Wire;

/// <summary>An error answer: its code and message, whichever shape it came in.</summary>
internal readonly record struct WireError(string Code, string Message);

/// <summary>Reads an error body by the names of its code and message fields; anything else falls back to the status.</summary>
internal static class WireErrors
{
    public static WireError Read(in VitalsResponse response, ReadOnlySpan<byte> codeName, ReadOnlySpan<byte> messageName)
    {
        try
        {
            var reader = new Utf8JsonReader(response.Span);
            string? code = null, message = null;
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isCode = reader.ValueTextEquals(codeName);
                    var isMessage = reader.ValueTextEquals(messageName);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && (isCode || isMessage))
                        (code, message) = isCode ? (reader.GetString(), message) : (code, reader.GetString());
                    else
                        reader.Skip();
                }
            }
            if (code is not null)
                return new WireError(code, message ?? "");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON (a proxy's HTML page, say), or text that cannot be decoded: the status alone.
        }
        return new WireError("HTTP_" + response.StatusCode.ToString(CultureInfo.InvariantCulture), Snippet(response));
    }

    private static string Snippet(in VitalsResponse response)
    {
        var text = Encoding.UTF8.GetString(response.Body.Bytes, 0, Math.Min(response.Length, 200));
        return text.Replace('\r', ' ').Replace('\n', ' ').Trim();
    }
}
