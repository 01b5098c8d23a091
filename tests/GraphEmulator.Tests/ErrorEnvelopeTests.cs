using System.Net;

namespace TenantAtlas.GraphEmulator.Tests;

public class ErrorEnvelopeTests : EmulatorTestHost
{
    [Test]
    public async Task Returns_401_with_InvalidAuthenticationToken_when_token_is_missing()
    {
        using var client = new HttpClient { BaseAddress = new Uri(Server.BaseAddress, "beta/") };

        var response = await client.GetAsync("deviceManagement/deviceConfigurations");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await ReadObject(response))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("InvalidAuthenticationToken"));
    }

    [Test]
    public async Task Returns_401_when_token_is_not_an_emulator_token()
    {
        using var client = new HttpClient { BaseAddress = new Uri(Server.BaseAddress, "beta/") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOi.not-a-tenant");

        var response = await client.GetAsync("deviceManagement/deviceConfigurations");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Echoes_client_request_id_and_sets_request_id_when_request_fails()
    {
        var (client, _) = NewTenantClient();
        var clientRequestId = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Get, $"deviceManagement/deviceConfigurations/{Guid.NewGuid()}");
        request.Headers.Add("client-request-id", clientRequestId);

        var response = await client.SendAsync(request);

        var requestId = response.Headers.GetValues("request-id").Single();
        var inner = (await ReadObject(response))["error"]!["innerError"]!;
        Assert.That(response.Headers.GetValues("client-request-id").Single(), Is.EqualTo(clientRequestId));
        Assert.That(inner["client-request-id"]!.GetValue<string>(), Is.EqualTo(clientRequestId));
        Assert.That(inner["request-id"]!.GetValue<string>(), Is.EqualTo(requestId));
        Assert.That(inner["date"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"));
        Assert.That((await ReadObject(response))["error"]!["message"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Returns_400_envelope_when_segment_is_unknown()
    {
        var (client, _) = NewTenantClient();

        var response = await client.GetAsync("deviceManagement/notACollection");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(response))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("BadRequest"));
    }

    [Test]
    public async Task Returns_400_when_body_is_not_json()
    {
        var (client, _) = NewTenantClient();

        var response = await client.PostAsync("deviceManagement/deviceConfigurations", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
