using System.Text.Json;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

public sealed record RestoreRunDetailsDto(
    Guid BackupSetId, IReadOnlyList<Guid>? BackupItemIds, bool DryRun, bool IncludeAssignments,
    DateTimeOffset? PreviewGeneratedAt, Guid? SourcePreviewRunId)
{
    public static RestoreRunDetailsDto From(RestoreRun run) => new(
        run.BackupSetId,
        run.Scope is null ? null : JsonSerializer.Deserialize<List<Guid>>(run.Scope),
        run.IsDryRun, run.IncludeAssignments, run.PreviewGeneratedAt, run.SourcePreviewRunId);
}
