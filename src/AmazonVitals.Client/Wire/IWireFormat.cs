using AmazonVitals.Client.Http;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Wire;

/// <summary>
/// The seam between what the user asks for and what goes over the wire. V1 lives in Wire/V1;
/// Amazon's V2 (ISO-8601 times, numeric values, new paths) becomes a sibling implementation,
/// and nothing above this interface changes.
/// </summary>
internal interface IWireFormat
{
    VitalsRequest FreshnessRequest(string packageName, string metricSet);
    /// <summary>True when this format cannot send the plan's window exactly, so rows outside it are dropped on reading.</summary>
    bool TrimsRows(QueryPlan plan);
    VitalsRequest QueryRequest(QueryPlan plan, string? pageToken);
    FreshnessInfo ParseFreshness(string packageName, string metricSet, in VitalsResponse response);
    /// <summary>Checks a whole rate page; the page takes the body (<see cref="ResponseBody.HandOn"/>) and its rows are read from it later.</summary>
    MetricPage ParseMetricPage(QueryPlan plan, in VitalsResponse response, StringCache strings);
    /// <summary>Checks a whole rate page and writes its rows with <paramref name="encoder"/> in the same pass; the body is not kept.</summary>
    EncodedPage ParseEncodedPage(QueryPlan plan, in VitalsResponse response, StringCache strings, RowEncoder encoder);
    IssuePage ParseIssuePage(QueryPlan plan, in VitalsResponse response, StringCache strings);
    /// <summary>The body's requestId, or null when it has none (the pipeline then falls back to a header).</summary>
    string? ReadRequestId(System.ReadOnlySpan<byte> body);
    /// <summary>Reads the API's error body; the token endpoint's errors are read in Auth/, not here.</summary>
    WireError ParseError(in VitalsResponse response);
}
