using System;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using Xunit;

namespace AmazonVitals.Tests.Client;

public sealed class VitalsClientOptionsTests
{
    private static VitalsClientOptions Options(string clientId = "id", string secret = "secret", Uri? baseUri = null, Uri? tokenUri = null) =>
        new(clientId, ClientHarness.Secure(secret))
        {
            BaseUri = baseUri ?? VitalsClientOptions.DefaultBaseUri,
            TokenUri = tokenUri ?? VitalsClientOptions.DefaultTokenUri,
        };

    [Fact]
    public void Defaults_are_valid_and_https()
    {
        Options().Validate();
        Assert.Equal(Uri.UriSchemeHttps, VitalsClientOptions.DefaultBaseUri.Scheme);
        Assert.Equal(Uri.UriSchemeHttps, VitalsClientOptions.DefaultTokenUri.Scheme);
        Assert.Equal("/api/appstore", VitalsClientOptions.DefaultBaseUri.AbsolutePath);
        Assert.Equal("/auth/o2/token", VitalsClientOptions.DefaultTokenUri.AbsolutePath);
        Assert.DoesNotContain("rproxy", VitalsClientOptions.DefaultBaseUri.Host, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("rproxy", VitalsClientOptions.DefaultTokenUri.Host, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("adx_reporting::appstore:marketer", VitalsClientOptions.Scope);
        Assert.Equal(3, Options().RequestsPerSecond);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/api/appstore")]
    [InlineData("http://localhost/api/appstore")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("https://vitals.example.com/api/appstore")]
    public void Https_anywhere_and_http_to_loopback_are_allowed(string uri)
    {
        VitalsClientOptions.CheckUri(new Uri(uri), "-BaseUri");
        Options(baseUri: new Uri(uri), tokenUri: new Uri(uri)).Validate();
    }

    [Theory]
    [InlineData("http://developer.amazon.com/api/appstore")]
    [InlineData("http://10.0.0.5/api/appstore")]
    [InlineData("http://192.168.1.10:8080/")]
    public void Http_to_a_non_loopback_host_is_insecure(string uri)
    {
        var e = Assert.Throws<VitalsValidationException>(() => VitalsClientOptions.CheckUri(new Uri(uri), "-BaseUri"));
        Assert.Equal("InsecureUri", e.ErrorId);
        Assert.Equal("-BaseUri", e.ParameterName);
        Assert.Equal(uri, e.Value);
        Assert.Equal(VitalsErrorKind.InvalidArgument, e.Kind);

        var token = Assert.Throws<VitalsValidationException>(() => Options(tokenUri: new Uri(uri)).Validate());
        Assert.Equal("InsecureUri", token.ErrorId);
        Assert.Equal("-TokenUri", token.ParameterName);
    }

    [Theory]
    [InlineData("api/appstore", UriKind.Relative)]
    [InlineData("/api/appstore", UriKind.Relative)]
    [InlineData("ftp://127.0.0.1/api", UriKind.Absolute)]
    [InlineData("file:///tmp/vitals", UriKind.Absolute)]
    public void Relative_or_non_http_uris_are_invalid(string uri, UriKind kind)
    {
        var e = Assert.Throws<VitalsValidationException>(() => VitalsClientOptions.CheckUri(new Uri(uri, kind), "-BaseUri"));
        Assert.Equal("InvalidUri", e.ErrorId);
        Assert.Equal("-BaseUri", e.ParameterName);
        Assert.Equal("InvalidUri", Assert.Throws<VitalsValidationException>(() => Options(baseUri: new Uri(uri, kind)).Validate()).ErrorId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_client_id_is_refused(string clientId)
    {
        var e = Assert.Throws<VitalsValidationException>(() => Options(clientId: clientId).Validate());
        Assert.Equal("EmptyClientId", e.ErrorId);
        Assert.Equal("-ClientId", e.ParameterName);
    }

    [Fact]
    public void Empty_secret_is_refused_without_echoing_anything()
    {
        var e = Assert.Throws<VitalsValidationException>(() => Options(secret: "").Validate());
        Assert.Equal("EmptyClientSecret", e.ErrorId);
        Assert.Equal("-ClientSecret", e.ParameterName);
        Assert.Null(e.Value);
    }

    [Fact]
    public void Create_validates_before_anything_is_sent()
    {
        Assert.Equal("InsecureUri", Assert.Throws<VitalsValidationException>(() =>
            VitalsClient.Create(Options(baseUri: new Uri("http://vitals.example.com/api/appstore")))).ErrorId);
        Assert.Equal("EmptyClientId", Assert.Throws<VitalsValidationException>(() => VitalsClient.Create(Options(clientId: ""))).ErrorId);
    }
}
