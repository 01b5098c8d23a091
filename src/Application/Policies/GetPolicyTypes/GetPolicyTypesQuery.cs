using Mediator;

namespace TenantAtlas.Application.Policies.GetPolicyTypes;

/// <summary>Every supported object type with its capabilities (from the type registry; no Graph, no database).</summary>
public sealed record GetPolicyTypesQuery : IQuery<IReadOnlyList<PolicyTypeDto>>;
