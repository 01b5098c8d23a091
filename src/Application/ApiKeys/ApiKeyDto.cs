using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.ApiKeys;

public sealed record ApiKeyDto(Guid Id, string Name, TenantRole Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
