namespace TenantAtlas.Application.Graph;

/// <summary>A directory or Intune object that assignments and payloads refer to (group, assignment filter, scope tag), by id and display name.</summary>
public sealed record GraphReferenceObject(string Id, string? DisplayName);
