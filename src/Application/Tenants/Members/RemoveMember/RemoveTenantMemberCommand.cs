using Mediator;

namespace TenantAtlas.Application.Tenants.Members.RemoveMember;

/// <summary>Removes a member from the tenant; 404 when not a member, 409 member.last_owner for the last Owner.</summary>
public sealed record RemoveTenantMemberCommand(Guid TenantId, Guid UserId) : ICommand;
