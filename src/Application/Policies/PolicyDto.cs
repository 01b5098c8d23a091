namespace TenantAtlas.Application.Policies;

/// <summary>A policy known from inventory sync.</summary>
/// <param name="Id">Our id of the policy (use it in snapshot and backup set requests).</param>
/// <param name="GraphId">The object id in Microsoft Graph.</param>
/// <param name="PolicyType">deviceConfiguration, deviceCompliancePolicy, settingsCatalogPolicy or appProtectionPolicy.</param>
/// <param name="DisplayName">Name as last seen in the tenant.</param>
/// <param name="Platform">Platform, when Graph reveals it.</param>
/// <param name="LastSeenAt">When the last inventory sync saw it.</param>
/// <param name="DeletedInTenantAt">When a sync found it gone from the tenant; null while it exists.</param>
/// <param name="LatestVersionNumber">Number of the latest captured version, or null before the first capture.</param>
/// <param name="LatestCapturedAt">When the latest version was captured.</param>
public sealed record PolicyDto(
    Guid Id,
    string GraphId,
    string PolicyType,
    string DisplayName,
    string? Platform,
    DateTimeOffset LastSeenAt,
    DateTimeOffset? DeletedInTenantAt,
    int? LatestVersionNumber,
    DateTimeOffset? LatestCapturedAt);
