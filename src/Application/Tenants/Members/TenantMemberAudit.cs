using System.Text.Json;
using System.Text.Json.Nodes;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Audit;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.Members;

/// <summary>Audit rows of membership changes: who changed whose role from what to what.</summary>
public static class TenantMemberAudit
{
    public const string Added = "member.added";
    public const string RoleChanged = "member.role_changed";
    public const string Removed = "member.removed";
    public const string UserTargetType = "user";

    public static void Add(IAppDbContext db, Guid tenantId, string actor, string action, Guid userId, TenantRole? role, TenantRole? previousRole, DateTimeOffset now)
    {
        var metadata = new JsonObject();
        if (role is { } r)
        {
            metadata["role"] = r.ToString();
        }

        if (previousRole is { } p)
        {
            metadata["previousRole"] = p.ToString();
        }

        db.AuditLogs.Add(new AuditLog
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            Actor = actor,
            Action = action,
            TargetType = UserTargetType,
            TargetId = userId.ToString("D"),
            Metadata = metadata.ToJsonString(JsonSerializerOptions.Web),
            OccurredAt = now,
        });
    }
}
