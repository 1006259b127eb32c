using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Wire.V1;

/// <summary>
/// Vitals API V1: <c>/vitals/apps/{package}/{set}</c> and <c>...:query</c>, dates as
/// <c>{year,month,day}</c>, metric values as JSON strings.
/// </summary>
internal sealed class V1WireFormat : IWireFormat
{
    private readonly string _base;

    public V1WireFormat(Uri baseUri) => _base = baseUri.AbsoluteUri.TrimEnd('/');

    public VitalsRequest FreshnessRequest(string packageName, string metricSet)
    {
        var path = Path(packageName, metricSet);
        return new VitalsRequest(HttpMethod.Get, new Uri(_base + path), path);
    }

    public VitalsRequest QueryRequest(QueryPlan plan, string? pageToken)
    {
        var path = Path(plan.PackageName, plan.MetricSet) + ":query";
        var body = V1Requests.QueryBody(plan, pageToken);
        return new VitalsRequest(HttpMethod.Post, new Uri(_base + path), path)
        {
            Content = () => V1Requests.JsonContent(body),
            DebugBody = V1Requests.Text(body),
        };
    }

    public FreshnessInfo ParseFreshness(string packageName, string metricSet, in VitalsResponse response) =>
        V1Parser.ReadFreshness(packageName, metricSet, response.Span);

    public MetricPage ParseMetricPage(QueryPlan plan, in VitalsResponse response, StringCache strings) =>
        V1Parser.ReadMetricPage(plan, response.Span, strings, response.RequestId);

    public IssuePage ParseIssuePage(QueryPlan plan, in VitalsResponse response, StringCache strings) =>
        V1Parser.ReadIssuePage(plan, response.Span, strings, response.RequestId);

    public string? ReadRequestId(ReadOnlySpan<byte> body) => JsonReading.FindTopLevelString(body, "requestId"u8);

    public WireError ParseError(in VitalsResponse response)
    {
        try
        {
            var reader = new Utf8JsonReader(response.Span);
            string? code = null, message = null, lwaError = null, lwaDescription = null;
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        reader.Skip();
                    switch (name)
                    {
                        case "code": code = value; break;
                        case "message": message = value; break;
                        case "error": lwaError = value; break;
                        case "error_description": lwaDescription = value; break;
                    }
                }
            }
            if (code is not null || lwaError is not null)
                return new WireError(code ?? lwaError!, message ?? lwaDescription ?? "");
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): fall through to the status alone.
        }
        return new WireError("HTTP_" + response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), Snippet(response));
    }

    private static string Path(string packageName, string metricSet) =>
        "/vitals/apps/" + Uri.EscapeDataString(packageName) + "/" + Uri.EscapeDataString(metricSet);

    private static string Snippet(in VitalsResponse response)
    {
        var text = Encoding.UTF8.GetString(response.Body, 0, Math.Min(response.Length, 200));
        return text.Replace('\r', ' ').Replace('\n', ' ').Trim();
    }
}
