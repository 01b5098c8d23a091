using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.Members;

/// <summary>A member of a tenant: the user (as known from sign-in) and its role.</summary>
public sealed record TenantMemberDto(Guid UserId, string Subject, string? DisplayName, string? Email, TenantRole Role, DateTimeOffset CreatedAt);
