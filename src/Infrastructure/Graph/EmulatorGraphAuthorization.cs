using System.Net.Http.Headers;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Graph:Auth = Emulator: the emulator keys its tenants by <c>Bearer emulator:{EntraTenantId}</c>.</summary>
internal sealed class EmulatorGraphAuthorization : IGraphAuthorization
{
    public ValueTask<AuthenticationHeaderValue> GetHeaderAsync(GraphTenant tenant, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AuthenticationHeaderValue("Bearer", $"emulator:{tenant.EntraTenantId:D}"));
}
