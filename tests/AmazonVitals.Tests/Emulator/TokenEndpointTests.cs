using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace AmazonVitals.Tests.Emulator;

public sealed class TokenEndpointTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorTestClient _client;

    public TokenEndpointTests(EmulatorFixture fixture) => _client = fixture.Client;

    [Fact]
    public async Task Issues_a_bearer_token()
    {
        using var response = await _client.TokenResponseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty(json["access_token"]!.GetValue<string>()));
        Assert.Equal("bearer", json["token_type"]!.GetValue<string>());
        Assert.Equal(3600, json["expires_in"]!.GetValue<int>());
        Assert.Equal("adx_reporting::appstore:marketer", json["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tokens_are_random()
    {
        Assert.NotEqual(await _client.TokenAsync(), await _client.TokenAsync());
    }

    [Fact]
    public async Task Wrong_secret_is_401_in_the_LWA_shape()
    {
        using var response = await _client.TokenResponseAsync(secret: "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("invalid_client", json["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(json["error_description"]!.GetValue<string>()));
        Assert.False(json.ContainsKey("code"));
    }

    [Fact]
    public async Task Wrong_client_id_is_401()
    {
        using var response = await _client.TokenResponseAsync(clientId: "someone-else");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_scope_is_400_invalid_scope()
    {
        using var response = await _client.TokenResponseAsync(scope: "profile");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_scope", json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_grant_is_400_unsupported_grant_type()
    {
        using var response = await _client.TokenResponseAsync(grant: "authorization_code");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("unsupported_grant_type", json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_json_body_is_refused()
    {
        using var content = new StringContent("{\"grant_type\":\"client_credentials\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.Http.PostAsync(_client.Host.TokenUri, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_request", json["error"]!.GetValue<string>());
    }
}
