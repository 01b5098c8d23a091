using TenantAtlas.Domain.Backups;

namespace TenantAtlas.Application.BackupSets;

/// <summary>A backup set: a named, point-in-time capture of policies.</summary>
/// <param name="Status">Capturing while its capture run works; then Ready, Partial (some policies failed) or Failed, following that run.</param>
/// <param name="ItemCount">Number of captured policies in the set.</param>
/// <param name="CreatedBy">Who created it ("user:{id}" or "apikey:{id}").</param>
public sealed record BackupSetDto(Guid Id, Guid TenantId, string Name, BackupSetStatus Status, int ItemCount, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static BackupSetDto From(BackupSet set) => new(set.Id, set.TenantId, set.Name, set.Status, set.ItemCount, set.CreatedBy, set.CreatedAt);
}
