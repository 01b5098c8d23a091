using Mediator;

namespace TenantAtlas.Application.Policies.GetPolicyVersion;

public sealed record GetPolicyVersionQuery(Guid TenantId, Guid PolicyId, int VersionNumber) : IQuery<PolicyVersionDetailsDto>;
