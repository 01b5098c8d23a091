using System.ComponentModel.DataAnnotations;

namespace TenantAtlas.Api.Idempotency;

/// <summary>Settings of the Idempotency-Key middleware (section <c>Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// How long an unfinished record holds its key without a renewal. The request that owns it renews the lease
    /// every third of this while it runs; when its host dies the renewals stop, and once the lease lapsed a retry
    /// with the same key runs the request again instead of answering 409.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a finished response is replayed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
