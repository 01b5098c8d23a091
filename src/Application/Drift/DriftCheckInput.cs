using System.Text.Json;

namespace TenantAtlas.Application.Drift;

/// <summary>The drift run's Input: which policy types are compared (null: every supported type).</summary>
public sealed record DriftCheckInput(IReadOnlyList<string>? PolicyTypes)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static DriftCheckInput FromJson(string? json) =>
        (json is null ? null : JsonSerializer.Deserialize<DriftCheckInput>(json, JsonSerializerOptions.Web)) ?? new DriftCheckInput(PolicyTypes: null);
}
