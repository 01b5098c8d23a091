using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants;

/// <summary>A tenant as its members see it, with the caller's role. Never carries secrets.</summary>
public sealed record TenantDto(Guid Id, string Name, Guid EntraTenantId, string GraphProfile, DateTimeOffset CreatedAt, TenantRole? Role);
