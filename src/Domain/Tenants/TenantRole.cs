namespace TenantAtlas.Domain.Tenants;

/// <summary>Roles are ordered: a higher role includes every right of the lower ones.</summary>
public enum TenantRole
{
    Reader = 1,
    Operator = 2,
    Owner = 3,
}
