using Mediator;

namespace TenantAtlas.Application.Tenants.GetTenant;

public sealed record GetTenantQuery(Guid TenantId) : IQuery<TenantDto>;
