using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AmazonVitals.Client.Compat;

namespace AmazonVitals.Client.Wire;

/// <summary>
/// Small steps over a <see cref="Utf8JsonReader"/> that every wire format needs. Each throws
/// <see cref="JsonException"/> on a body of the wrong shape, which the pipeline treats as a
/// broken answer.
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
            throw new JsonException("Expected a property name, found " + reader.TokenType + ".");
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
            throw new JsonException("Expected a JSON object, found " + reader.TokenType + ".");
    }

    public static void ExpectArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("Expected a JSON array, found " + reader.TokenType + ".");
    }

    public static void ExpectEnd(ref Utf8JsonReader reader, JsonTokenType end)
    {
        if (reader.TokenType != end)
            throw new JsonException("Expected " + end + ", found " + reader.TokenType + ".");
    }

    /// <summary>Reads the value of the current property as a string or null.</summary>
    public static string? ReadOptionalString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("Expected a string, found " + reader.TokenType + ".");
        return reader.GetString();
    }

    /// <summary>Reads the value of the current property, an array of strings, into <paramref name="into"/>.</summary>
    public static void ReadStringArray(ref Utf8JsonReader reader, List<string> into)
    {
        reader.Read();
        ExpectArray(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
            into.Add(reader.GetString()!);
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
        catch (JsonException)
        {
            // A body that is not JSON (a proxy's HTML page, say) has no requestId to find.
        }
        return null;
    }
}

/// <summary>
/// A body that is valid JSON but holds a value no row can take: a metric that is not a finite
/// number, or a count beyond Int64. Unlike a broken body, it is not retried (see RetryRules).
/// </summary>
internal sealed class WireValueException : JsonException
{
    public WireValueException(string message) : base(message) { }
}
