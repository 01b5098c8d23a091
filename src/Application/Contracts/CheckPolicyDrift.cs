namespace TenantAtlas.Application.Contracts;

/// <summary>Nudges a worker to run a <c>policy.drift_check</c> (read-only comparison of the tenant with a backup set).</summary>
public sealed record CheckPolicyDrift(Guid RunId, Guid TenantId) : IRunMessage;
