namespace TenantAtlas.Application.Graph;

public sealed record GraphPolicyRef(PolicyTypeDefinition Type, string GraphId);
