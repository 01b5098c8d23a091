namespace TenantAtlas.Domain.Tenants;

/// <summary>A tenant always keeps at least one Owner: nobody else could manage its members or API keys.</summary>
public static class TenantOwnership
{
    public const string LastOwnerCode = "member.last_owner";

    /// <summary>
    /// True when changing a member from <paramref name="currentRole"/> to <paramref name="newRole"/> (null: removing
    /// the member) would leave the tenant, which has <paramref name="ownerCount"/> Owners now, without an Owner.
    /// </summary>
    public static bool WouldLeaveNoOwner(TenantRole currentRole, TenantRole? newRole, int ownerCount) =>
        currentRole == TenantRole.Owner && newRole != TenantRole.Owner && ownerCount <= 1;
}
