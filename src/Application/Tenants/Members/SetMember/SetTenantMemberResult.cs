namespace TenantAtlas.Application.Tenants.Members.SetMember;

/// <summary>The member after the change; Created when the user was not a member before.</summary>
public sealed record SetTenantMemberResult(TenantMemberDto Member, bool Created);
