using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Concurrency;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.BackupSets;
using TenantAtlas.Application.BackupSets.AddPolicies;
using TenantAtlas.Application.BackupSets.Create;
using TenantAtlas.Application.BackupSets.Delete;
using TenantAtlas.Application.BackupSets.GetBackupSet;
using TenantAtlas.Application.BackupSets.GetBackupSetItems;
using TenantAtlas.Application.BackupSets.GetBackupSets;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

/// <summary>Backup sets: created and filled by background capture runs.</summary>
public static class BackupSetsEndpoints
{
    public static void MapBackupSets(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/backup-sets").WithTags("Backup sets");
        group.MapPost("/", Create).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Create a backup set (Capturing) and start its capture run; answers 202 with the set and the run at once.");
        group.MapGet("/", GetBackupSets).RequireTenantRole(TenantRole.Reader)
            .WithSummary("Backup sets of the tenant, newest first.");
        group.MapGet("/{backupSetId}", GetBackupSet).RequireTenantRole(TenantRole.Reader).WithETag()
            .WithSummary("A backup set with its capture runs; answers an ETag (If-None-Match: 304).");
        group.MapGet("/{backupSetId}/items", GetItems).RequireTenantRole(TenantRole.Reader)
            .WithSummary("Items of a backup set (type, name, captured version, capture time), paged.");
        group.MapPost("/{backupSetId}/policies", AddPolicies).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Add policies to the set through a background run; the same selection while its run is active reuses it; policies already in the set are skipped.");
        group.MapDelete("/{backupSetId}", Delete).RequireTenantRole(TenantRole.Operator)
            .WithIfMatch(http => new GetBackupSetQuery(http.RouteGuid("tenantId"), http.RouteGuid("backupSetId")))
            .WithSummary("Delete a backup set and its items; 409 while a run uses it; If-Match (the ETag of GET) is honoured, 412 on mismatch.");
    }

    private static async Task<Accepted<BackupSetStartedDto>> Create(
        Guid tenantId, CreateBackupSetRequest request, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var started = await mediator.Send(new CreateBackupSetCommand(
            tenantId, request.Name ?? "", request.PolicyIds, request.All ?? false, request.PolicyTypes), ct);
        return RunResults.Accepted(http, started.Run, started);
    }

    private static async Task<Ok<PagedResult<BackupSetDto>>> GetBackupSets(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct,
        BackupSetStatus? status = null, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetBackupSetsQuery(tenantId, status, page, pageSize), ct));

    private static async Task<Ok<BackupSetDetailsDto>> GetBackupSet(Guid tenantId, Guid backupSetId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetBackupSetQuery(tenantId, backupSetId), ct));

    private static async Task<Ok<PagedResult<BackupItemDto>>> GetItems(
        Guid tenantId, Guid backupSetId, HttpContext http, IMediator mediator, CancellationToken ct,
        string? policyType = null, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetBackupSetItemsQuery(tenantId, backupSetId, policyType, page, pageSize), ct));

    private static async Task<Accepted<RunDto>> AddPolicies(
        Guid tenantId, Guid backupSetId, AddPoliciesRequest request, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new AddPoliciesToBackupSetCommand(tenantId, backupSetId, request.PolicyIds), ct));

    private static async Task<NoContent> Delete(Guid tenantId, Guid backupSetId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteBackupSetCommand(tenantId, backupSetId), ct);
        return TypedResults.NoContent();
    }
}

/// <summary>A new backup set: a name and either explicit policy ids or all policies (optionally of some types).</summary>
/// <param name="Name">1 to 200 characters.</param>
/// <param name="PolicyIds">Ids of policies of this tenant (from GET .../policies).</param>
/// <param name="All">True to capture every policy known from inventory sync (instead of policyIds).</param>
/// <param name="PolicyTypes">With all: only these types (deviceConfiguration, deviceCompliancePolicy, settingsCatalogPolicy, appProtectionPolicy).</param>
public sealed record CreateBackupSetRequest(string? Name, IReadOnlyList<Guid>? PolicyIds, bool? All, IReadOnlyList<string>? PolicyTypes);

/// <summary>Policies to add to a backup set.</summary>
/// <param name="PolicyIds">Ids of policies of this tenant; at least one.</param>
public sealed record AddPoliciesRequest(IReadOnlyList<Guid>? PolicyIds);
