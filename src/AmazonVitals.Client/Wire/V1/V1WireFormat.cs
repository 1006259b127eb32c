using System;
using System.Net.Http;
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
            IsPage = true,
        };
    }

    public bool TrimsRows(QueryPlan plan) => V1Window.TrimsRows(plan);

    public FreshnessInfo ParseFreshness(string packageName, string metricSet, in VitalsResponse response) =>
        V1Parser.ReadFreshness(packageName, metricSet, response.Span);

    public MetricPage ParseMetricPage(QueryPlan plan, in VitalsResponse response, StringCache strings) =>
        V1Parser.ReadMetricPage(plan, response.Body, strings, response.RequestId);

    public EncodedPage ParseEncodedPage(QueryPlan plan, in VitalsResponse response, StringCache strings, RowEncoder encoder) =>
        V1Parser.EncodeMetricPage(plan, response.Body, strings, response.RequestId, encoder);

    public IssuePage ParseIssuePage(QueryPlan plan, in VitalsResponse response, StringCache strings) =>
        V1Parser.ReadIssuePage(plan, response.Span, strings, response.RequestId);

    public string? ReadRequestId(ReadOnlySpan<byte> body) => JsonReading.FindTopLevelString(body, "requestId"u8);

    public WireError ParseError(in VitalsResponse response) => WireErrors.Read(response, "code"u8, "message"u8);

    private static string Path(string packageName, string metricSet) =>
        "/vitals/apps/" + Uri.EscapeDataString(packageName) + "/" + Uri.EscapeDataString(metricSet);

}
