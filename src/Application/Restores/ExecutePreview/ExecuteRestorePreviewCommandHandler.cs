using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Restores.ExecutePreview;

public sealed class ExecuteRestorePreviewCommandHandler(IAppDbContext db, RestoreRunStarter starter, ITenantAccess access)
    : ICommandHandler<ExecuteRestorePreviewCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(ExecuteRestorePreviewCommand command, CancellationToken cancellationToken)
    {
        // The route already requires Owner; checked here too so the rule holds whoever sends the command.
        if (await access.GetRoleAsync(command.TenantId, cancellationToken) is not TenantRole.Owner)
        {
            throw new ForbiddenException("Executing a restore requires the Owner role.");
        }

        var preview = await db.Runs.OfType<RestoreRun>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == command.PreviewRunId && r.TenantId == command.TenantId, cancellationToken);
        if (preview is null || !preview.IsDryRun)
        {
            throw new NotFoundException("Restore preview", command.PreviewRunId);
        }

        if (preview.Status is not (RunStatus.Succeeded or RunStatus.Partial) || preview.PreviewGeneratedAt is null)
        {
            throw new ConflictException("restore.preview_not_finished",
                $"The preview is {preview.Status}; only a finished preview (Succeeded or Partial) can be executed.");
        }

        // A cross-tenant preview executes as a cross-tenant restore with the same options (Reader on the source again).
        await RestoreAuthorization.RequireAsync(access, command.TenantId, preview.SourceTenantId, dryRun: false, cancellationToken);
        var crossTenant = preview.IsCrossTenant
            ? new CrossTenantRestore(preview.SourceTenantId!.Value, preview.FailOnUnmappedReferences, preview.CreateMissingReferences)
            : null;
        var scope = preview.Scope is null ? null : JsonSerializer.Deserialize<List<Guid>>(preview.Scope);
        var result = await starter.StartAsync(
            command.TenantId, preview.BackupSetId, scope, dryRun: false, preview.IncludeAssignments, preview.Id, cancellationToken, crossTenant);
        return RunDto.From(result.Run, result.Reused);
    }
}
