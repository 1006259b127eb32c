namespace AmazonVitals.Emulator.Http;

/// <summary>
/// The wire format a route speaks. Only V1 exists; the router and the query parser take it so that
/// a V2 emulator (paths <c>/v2/applications/...</c>, ISO times, numeric values) has a place to go.
/// </summary>
public enum ApiVersion
{
    V1,
}
