using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Graph;
using TenantAtlas.Infrastructure.IntegrationTests.Graph;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>
/// Issue 14, item 9: with real token acquisition (Graph:Auth ClientSecret against a local HTTPS token authority),
/// a customer tenant whose administrator never consented fails the run with graph.consent_required naming that
/// tenant, and the client secret appears nowhere the run is shown.
/// </summary>
public sealed class PolicyCaptureConsentRequiredTests : CaptureTestFixture
{
    private const string ClientSecret = "Qw7~consent.test-secret-0d1e2f";

    private LocalTokenAuthority _authority = null!;

    protected override ApiFactory CreateFactory()
    {
        // Started here because the base fixture builds the factory in its own one-time set-up, before ours run.
        _authority = LocalTokenAuthority.StartAsync().GetAwaiter().GetResult();
        return new TokenAuthorityApiFactory(Emulator, _authority)
            .With("Graph:Auth", "ClientSecret")
            .With("Graph:BaseUrl", _authority.BaseAddress.ToString())
            .With("Graph:AuthorityHost", _authority.BaseAddress.ToString())
            .With("Graph:ClientId", "33333333-aaaa-4bbb-8ccc-000000000003")
            .With("Graph:ClientSecret", ClientSecret);
    }

    [OneTimeTearDown]
    public async Task StopAuthority() => await _authority.DisposeAsync();

    private sealed class TokenAuthorityApiFactory(GraphEmulatorServer emulator, LocalTokenAuthority authority) : ApiFactory(hostConsumers: false, emulator)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton(new GraphTokenTransport(new HttpClientTransport(authority.CreateTrustingHandler()))));
        }
    }

    [Test]
    public async Task A_capture_fails_with_consent_required_naming_the_tenant_when_its_administrator_has_not_consented()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var entraTenantId = Tenant.EntraTenantId.ToString("D");
        _authority.ConsentRefused[entraTenantId] = true;
        var client = OperatorClient();
        var run = await StartAsync($"{TenantUrl}/policies/{policy.Id}/snapshots", client: client);

        await ExecuteRunAsync(run.Id, CancellationToken.None);

        var stored = await RunAsync(run.Id);
        Assert.That(stored.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(stored.FailureCode, Is.EqualTo(GraphErrorCodes.ConsentRequired));
        var item = (await RunItemsAsync(run.Id)).Single();
        Assert.That(item.ErrorCode, Is.EqualTo(GraphErrorCodes.ConsentRequired));
        Assert.That(item.ErrorMessage, Does.Contain(entraTenantId).And.Contain("admin consent"));
        Assert.That(_authority.TokenRequests.Select(r => r.Tenant), Has.All.EqualTo(entraTenantId).And.Not.Empty, "the token was asked of the tenant's own authority");
        Assert.That(GraphRequests(), Is.Empty, "nothing reached Graph without a token");

        var shown = await client.GetStringAsync($"{TenantUrl}/runs/{run.Id}") + await client.GetStringAsync("/api/v1/me/notifications");
        Assert.That(shown, Does.Contain(GraphErrorCodes.ConsentRequired).And.Contain(entraTenantId));
        Assert.That(shown, Does.Not.Contain(ClientSecret));
    }
}
