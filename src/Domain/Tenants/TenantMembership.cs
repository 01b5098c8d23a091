namespace TenantAtlas.Domain.Tenants;

public sealed class TenantMembership
{
    public Guid UserId { get; set; }
    public Guid TenantId { get; set; }
    public TenantRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
