using Mediator;

namespace TenantAtlas.Application.Policies.GetPolicy;

public sealed record GetPolicyQuery(Guid TenantId, Guid PolicyId) : IQuery<PolicyDetailsDto>;
