using System.Text.Json;
using AmazonVitals.Emulator.Data;

namespace AmazonVitals.Emulator.Profiles;

/// <summary>
/// Fields the strict profile adds that no client knows of. Each stands where a reader that stops at,
/// or chokes on, an unknown name would lose what follows: <c>apiVersion</c> in the envelope before
/// <c>freshness</c> and <c>rows</c>, a nested object in each row before its known fields, and a
/// <c>unit</c> in each metric pair after its value.
/// </summary>
internal static class UnknownFields
{
    private const string ApiVersionName = "apiVersion";
    private const string ApiVersionValue = "V1";

    private static readonly JsonEncodedText ApiVersion = JsonEncodedText.Encode(ApiVersionName);
    private static readonly JsonEncodedText V1 = JsonEncodedText.Encode(ApiVersionValue);
    private static readonly JsonEncodedText Annotations = JsonEncodedText.Encode("annotations");
    private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText Tag = JsonEncodedText.Encode("emulator-strict");
    private static readonly JsonEncodedText Revision = JsonEncodedText.Encode("revision");
    private static readonly JsonEncodedText Unit = JsonEncodedText.Encode("unit");
    private static readonly JsonEncodedText Ratio = JsonEncodedText.Encode("RATIO");
    private static readonly JsonEncodedText Devices = JsonEncodedText.Encode("DEVICES");
    private static readonly JsonEncodedText Events = JsonEncodedText.Encode("EVENTS");

    /// <summary>The envelope field as raw JSON, spliced in after requestId (query pages are cached bytes).</summary>
    public const string EnvelopeJson = $"\"{ApiVersionName}\":\"{ApiVersionValue}\",";

    public static void WriteApiVersion(Utf8JsonWriter w) => w.WriteString(ApiVersion, V1);

    /// <summary><c>"annotations":{"tags":["emulator-strict"],"revision":1}</c>: an object holding an array, to skip whole.</summary>
    public static void WriteRowAnnotations(Utf8JsonWriter w)
    {
        w.WriteStartObject(Annotations);
        w.WriteStartArray(Tags);
        w.WriteStringValue(Tag);
        w.WriteEndArray();
        w.WriteNumber(Revision, 1);
        w.WriteEndObject();
    }

    public static void WriteUnit(Utf8JsonWriter w, MetricKind kind) => w.WriteString(Unit, kind switch
    {
        MetricKind.Rate => Ratio,
        MetricKind.Devices => Devices,
        _ => Events,
    });
}
