using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// Builds restore runs for both start paths (direct and from a preview): checks the backup set and the
/// selection, computes the scope hash (sorted ids + dryRun + includeAssignments) and the idempotency key
/// (tenant + operation + backup set + scope hash), then create-or-reuse and publish through the launcher.
/// A cross-tenant run (<see cref="CrossTenantRestore"/>) takes the backup set of the source tenant; the source and
/// the run's options are part of the scope hash, so each (source, target, options) is its own active run.
/// Authorization is the caller's (<see cref="RestoreAuthorization"/>).
/// </summary>
public sealed class RestoreRunStarter(IAppDbContext db, RunLauncher launcher, ICurrentActor actor)
{
    public async Task<RunStartResult> StartAsync(
        Guid tenantId, Guid backupSetId, IReadOnlyList<Guid>? backupItemIds, bool dryRun, bool includeAssignments,
        Guid? sourcePreviewRunId, CancellationToken cancellationToken, CrossTenantRestore? crossTenant = null)
    {
        if (crossTenant?.SourceTenantId == tenantId)
        {
            crossTenant = null;
        }

        var backupTenantId = crossTenant?.SourceTenantId ?? tenantId;
        if (crossTenant is not null && !await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
        {
            throw new NotFoundException("Tenant", tenantId);
        }

        var set = await db.BackupSets.AsNoTracking().Where(s => s.Id == backupSetId && s.TenantId == backupTenantId)
            .Select(s => new { s.Id, s.Status }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Backup set", backupSetId);
        if (set.Status is not (BackupSetStatus.Ready or BackupSetStatus.Partial))
        {
            throw new ConflictException("restore.backup_set_not_ready",
                $"The backup set is {set.Status}; only a Ready or Partial backup set can be restored.");
        }

        var ids = backupItemIds?.Distinct().Order().ToList();
        if (ids is not null)
        {
            var known = await db.BackupItems.AsNoTracking()
                .Where(i => i.TenantId == backupTenantId && i.BackupSetId == backupSetId && ids.Contains(i.Id))
                .Select(i => i.Id).ToListAsync(cancellationToken);
            var unknown = ids.Except(known).ToList();
            if (unknown.Count > 0)
            {
                throw new ValidationException([new ValidationFailure("BackupItemIds",
                    $"Not items of this backup set: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", ..." : "")}.")]);
            }
        }

        var operation = RestoreRun.OperationFor(dryRun);
        (string, object?)[] flags = crossTenant is null
            ? [("dryRun", dryRun), ("includeAssignments", includeAssignments)]
            :
            [
                ("dryRun", dryRun), ("includeAssignments", includeAssignments), ("sourceTenantId", crossTenant.SourceTenantId.ToString("D")),
                ("failOnUnmappedReferences", crossTenant.FailOnUnmappedReferences), ("createMissingReferences", crossTenant.CreateMissingReferences),
            ];
        var scopeHash = RunIdempotency.ScopeHash(ids?.Select(i => i.ToString("D")), flags);
        return await launcher.StartAsync(new RestoreRun
        {
            TenantId = tenantId,
            Operation = operation,
            BackupSetId = backupSetId,
            Scope = ids is null ? null : JsonSerializer.Serialize(ids),
            ScopeHash = scopeHash,
            IsDryRun = dryRun,
            IncludeAssignments = includeAssignments,
            SourcePreviewRunId = sourcePreviewRunId,
            SourceTenantId = crossTenant?.SourceTenantId,
            FailOnUnmappedReferences = crossTenant?.FailOnUnmappedReferences ?? false,
            CreateMissingReferences = crossTenant?.CreateMissingReferences ?? false,
            IdempotencyKey = RunIdempotency.BuildKey(tenantId, operation, backupSetId, scopeHash),
            RequestedBy = actor.Display,
            RequestedByUserId = actor.UserId,
        }, cancellationToken);
    }
}
