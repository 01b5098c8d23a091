using Mediator;

namespace TenantAtlas.Application.Tenants.GetTenants;

/// <summary>The tenants the caller is a member of (an API key sees its own tenant).</summary>
public sealed record GetTenantsQuery : IQuery<IReadOnlyList<TenantDto>>;
