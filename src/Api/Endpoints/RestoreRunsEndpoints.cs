using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Restores.ExecutePreview;
using TenantAtlas.Application.Restores.GetRestoreRun;
using TenantAtlas.Application.Restores.GetRestoreRuns;
using TenantAtlas.Application.Restores.Start;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

public static class RestoreRunsEndpoints
{
    public static void MapRestoreRuns(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/restore-runs").WithTags("Restore runs");
        // One endpoint for both kinds: Operator may start a preview; the handler requires Owner for a live restore.
        group.MapPost("/", Start).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Start a restore preview (dryRun: true, Operator) or a live restore (dryRun: false, Owner) of a backup set; 202 with the run.");
        group.MapGet("/", List).RequireTenantRole(TenantRole.Reader)
            .WithSummary("Restore runs and previews of the tenant, newest first, with counts; paged by cursor (follow nextLink).");
        group.MapGet("/{runId}", Get).RequireTenantRole(TenantRole.Reader)
            .WithSummary("The status monitor of a restore run or preview: id, status, percentComplete and error at the top level, the run and its stored per-item results and preview diffs (paged by item) beside them.")
            .WithDescription("While the run is Queued or Running the answer carries `Retry-After` (seconds).");
        group.MapPost("/{runId}/execute", Execute).RequireTenantRole(TenantRole.Owner)
            .WithSummary("Start the live restore of a finished preview's scope (Owner); 202 with the new run.");
    }

    private static async Task<Accepted<RunDto>> Start(Guid tenantId, StartRestoreRunRequest request, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new StartRestoreRunCommand(
            tenantId, request.BackupSetId ?? Guid.Empty, request.BackupItemIds, request.DryRun, request.IncludeAssignments ?? false)
        {
            SourceTenantId = request.SourceTenantId,
            UnmappedAssignments = request.UnmappedAssignments,
            CreateMissingReferences = request.CreateMissingReferences ?? false,
        }, ct));

    private static async Task<Ok<PagedResult<RunDto>>> List(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct,
        bool? dryRun = null, RunStatus? status = null, Guid? backupSetId = null,
        int? page = null, int pageSize = Paging.DefaultPageSize, string? cursor = null) =>
        PageResults.Ok(http, await mediator.Send(new GetRestoreRunsQuery(tenantId, dryRun, status, backupSetId, page, pageSize, cursor), ct));

    private static async Task<Ok<RunDetailsDto>> Get(
        Guid tenantId, Guid runId, HttpContext http, IMediator mediator, CancellationToken ct,
        RunItemStatus? itemStatus = null, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        RunResults.Monitor(http, await mediator.Send(new GetRestoreRunQuery(tenantId, runId, itemStatus, page, pageSize), ct));

    private static async Task<Accepted<RunDto>> Execute(Guid tenantId, Guid runId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new ExecuteRestorePreviewCommand(tenantId, runId), ct));
}

/// <summary>
/// A restore or preview of a backup set. <c>backupItemIds</c> selects items (omit for the whole set);
/// <c>dryRun</c> is required (true: preview, read-only; false: live restore, Owner only);
/// <c>includeAssignments</c> (default false) also restores the assignments.
/// Cross-tenant (docs/cross-tenant-restore.md): <c>sourceTenantId</c> names the tenant the backup set belongs to
/// (Reader there); <c>unmappedAssignments</c> is "drop" (default: left out and reported per item) or "fail";
/// <c>createMissingReferences</c> creates missing assignment filters and scope tags in this tenant first.
/// </summary>
public sealed record StartRestoreRunRequest(
    Guid? BackupSetId, IReadOnlyList<Guid>? BackupItemIds, bool? DryRun, bool? IncludeAssignments,
    Guid? SourceTenantId = null, string? UnmappedAssignments = null, bool? CreateMissingReferences = null);
