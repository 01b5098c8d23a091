using System.Text.Json.Nodes;
using TenantAtlas.Domain.Audit;

namespace TenantAtlas.Application.Audit;

/// <summary>An audit record as the API shows it; Metadata is the stored, sanitized JSON.</summary>
public sealed record AuditLogDto(
    Guid Id, string Actor, string Action, string? TargetType, string? TargetId, Guid? RunId, JsonNode? Metadata, DateTimeOffset OccurredAt)
{
    public static AuditLogDto From(AuditLog log) => new(
        log.Id, log.Actor, log.Action, log.TargetType, log.TargetId, log.RunId,
        log.Metadata is null ? null : JsonNode.Parse(log.Metadata), log.OccurredAt);
}
