namespace TenantAtlas.Domain.Runs;

/// <summary>One item of a run, written as the item finishes so a crash loses nothing already done.</summary>
public sealed class RunItem
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public RunKind RunKind { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>Policy id or backup item id.</summary>
    public required string ItemKey { get; set; }
    public string? DisplayName { get; set; }
    public string? PolicyType { get; set; }
    public RunItemStatus Status { get; set; }
    public string? Action { get; set; }
    public string? GraphId { get; set; }
    /// <summary>Preview diff as JSON.</summary>
    public string? Diff { get; set; }
    public string? SkipReason { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public int? ErrorHttpStatus { get; set; }
    public string? ErrorRequestId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
