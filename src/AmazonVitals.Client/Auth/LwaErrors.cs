using AmazonVitals.Client.Http;
using AmazonVitals.Client.Wire;

namespace AmazonVitals.Client.Auth;

/// <summary>
/// Login with Amazon's error shape, <c>{error, error_description}</c> with 400 or 401: the token
/// endpoint's own, whatever version of the Vitals API the client speaks.
/// </summary>
internal static class LwaErrors
{
    public static WireError Read(in VitalsResponse response) => WireErrors.Read(response, "error"u8, "error_description"u8);
}
