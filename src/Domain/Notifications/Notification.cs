namespace TenantAtlas.Domain.Notifications;

public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid TenantId { get; set; }
    public required string Type { get; set; }
    /// <summary>Safe JSON: run id, kind, operation, status, counts, safe error code, link.</summary>
    public required string Data { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
