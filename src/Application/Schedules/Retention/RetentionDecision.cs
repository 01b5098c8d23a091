using TenantAtlas.Domain.Backups;

namespace TenantAtlas.Application.Schedules.Retention;

/// <summary>Whether retention keeps one backup set of a schedule, and why (a stable reason code).</summary>
public sealed record RetentionDecision(Guid BackupSetId, string Name, BackupSetStatus Status, DateTimeOffset CreatedAt, bool Keep, string Reason);
