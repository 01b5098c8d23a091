namespace TenantAtlas.Domain.Runs;

/// <summary>
/// Which run may talk to a tenant's Graph right now: at most one run per tenant at a time across every
/// worker process, so the per-process rate limiter is the tenant's whole budget. Claimed with the run,
/// renewed by its heartbeat, deleted when it ends, and simply expiring when its worker dies.
/// </summary>
public sealed class TenantLease
{
    public Guid TenantId { get; set; }
    /// <summary>The token of the claiming attempt (one execution of a run in one worker).</summary>
    public Guid HolderId { get; set; }
    /// <summary>The run that holds the tenant (for operators).</summary>
    public Guid RunId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
