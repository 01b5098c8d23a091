namespace TenantAtlas.Domain.Audit;

/// <summary>Append-only record of a security-relevant action.</summary>
public sealed class AuditLog
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public Guid? RunId { get; set; }
    /// <summary>Sanitized JSON.</summary>
    public string? Metadata { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}
