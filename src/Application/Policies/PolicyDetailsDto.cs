namespace TenantAtlas.Application.Policies;

/// <summary>A policy with its latest captured version (payload included), if any.</summary>
public sealed record PolicyDetailsDto(PolicyDto Policy, PolicyVersionDetailsDto? LatestVersion);
