namespace TenantAtlas.Application.Graph;

/// <summary>Outcome of one read in a batch: exactly one of Policy, NotFound or Error.</summary>
public sealed record GraphPolicyReadResult(GraphPolicyRef Ref, GraphPolicy? Policy, bool NotFound, GraphError? Error);
