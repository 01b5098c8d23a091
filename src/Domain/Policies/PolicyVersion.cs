namespace TenantAtlas.Domain.Policies;

/// <summary>An immutable captured payload of a policy. A capture with an unchanged hash adds no version.</summary>
public sealed class PolicyVersion
{
    public Guid Id { get; set; }
    public Guid PolicyId { get; set; }
    public Guid TenantId { get; set; }
    public int VersionNumber { get; set; }
    public DateTimeOffset CapturedAt { get; set; }
    public Guid? CapturedByRunId { get; set; }
    /// <summary>Hex SHA-256 of the normalized payload plus normalized assignments.</summary>
    public required string ContentHash { get; set; }
    public required string Payload { get; set; }
    public required string Assignments { get; set; }
    public string? ScopeTagIds { get; set; }
}
