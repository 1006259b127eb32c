using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Wire;

/// <summary>
/// Small steps over a <see cref="Utf8JsonReader"/> that every wire format needs. A body that is
/// not JSON, or is cut short, makes the reader itself throw <see cref="JsonException"/>: a glitch,
/// retried. Valid JSON of the wrong shape throws <see cref="WireValueException"/>: the server
/// would send it again, so it is not retried (see RetryRules).
/// </summary>
internal static class JsonReading
{
    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new JsonException("The body ended inside an object.");
        if (reader.TokenType == JsonTokenType.EndObject)
            return false;
        if (reader.TokenType != JsonTokenType.PropertyName)
            throw new WireValueException("Expected a property name, found " + reader.TokenType + ".");
        return true;
    }

    /// <summary>Skips the value of the property the reader stands on, whatever its type.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    public static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.None)
            reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new WireValueException("Expected a JSON object, found " + reader.TokenType + ".");
    }

    public static void ExpectArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new WireValueException("Expected a JSON array, found " + reader.TokenType + ".");
    }

    public static void ExpectEnd(ref Utf8JsonReader reader, JsonTokenType end)
    {
        if (reader.TokenType != end)
            throw new WireValueException("Expected " + end + ", found " + reader.TokenType + ".");
    }

    /// <summary>Reads the value of the current property as a string or null.</summary>
    public static string? ReadOptionalString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.String)
            throw new WireValueException("Expected a string, found " + reader.TokenType + ".");
        return ReadText(ref reader);
    }

    /// <summary>
    /// The string the reader stands on. Text that cannot be decoded (a lone surrogate escape,
    /// bytes that are not UTF-8) is the server's bad value, not a bug of ours: GetString's
    /// InvalidOperationException becomes a <see cref="WireValueException"/>.
    /// </summary>
    public static string ReadText(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            throw new WireValueException("a string cannot be decoded as text: " + e.Message);
        }
    }

    /// <summary>Reads the value of the current property, an array of strings, into <paramref name="into"/>.</summary>
    public static void ReadStringArray(ref Utf8JsonReader reader, List<string> into)
    {
        reader.Read();
        ExpectArray(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
            into.Add(ReadText(ref reader));
        ExpectEnd(ref reader, JsonTokenType.EndArray);
    }

    /// <summary>
    /// The string value of a top-level property, or null when the body is not a JSON object, has
    /// no such property, or gives it another type. Stops at the first match, so a property near
    /// the top of a large page costs almost nothing; never throws.
    /// </summary>
    public static string? FindTopLevelString(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // A body that is not JSON (a proxy's HTML page, say) has no requestId to find; an
            // id that cannot be decoded as text (a lone surrogate escape) is no id either.
        }
        return null;
    }
}

/// <summary>
/// A body that is valid JSON but of the wrong shape, or holding a value no row can take: a metric
/// that is not a finite number, a count beyond Int64, a date that does not exist. Unlike a broken
/// body, it is not retried (see RetryRules): the server would send the same answer again.
/// </summary>
internal sealed class WireValueException : JsonException
{
    public WireValueException(string message) : base(message) { }
}
