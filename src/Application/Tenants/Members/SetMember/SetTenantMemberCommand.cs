using Mediator;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.Members.SetMember;

/// <summary>
/// Makes an existing user (one that signed in once) a member with <paramref name="Role"/>, or changes its role.
/// Demoting the last Owner is refused (409 member.last_owner).
/// </summary>
public sealed record SetTenantMemberCommand(Guid TenantId, Guid UserId, TenantRole? Role) : ICommand<SetTenantMemberResult>;
