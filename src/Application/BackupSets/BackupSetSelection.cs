using System.Text.Json;

namespace TenantAtlas.Application.BackupSets;

/// <summary>
/// Which policies a backup set run captures, stored as the run's Input: explicit ids, or all policies
/// of the tenant (optionally of some types) resolved when the run starts.
/// </summary>
public sealed record BackupSetSelection(IReadOnlyList<Guid>? PolicyIds, bool All = false, IReadOnlyList<string>? PolicyTypes = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static BackupSetSelection FromJson(string? json) =>
        (json is null ? null : JsonSerializer.Deserialize<BackupSetSelection>(json, JsonSerializerOptions.Web))
        ?? new BackupSetSelection([]);
}
