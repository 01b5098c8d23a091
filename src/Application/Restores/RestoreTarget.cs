using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Restores;

/// <summary>The existing object a backup item restores onto, and how it was found.</summary>
public sealed record RestoreTarget(GraphPolicy Current, RestoreTargetMatch MatchedBy);
