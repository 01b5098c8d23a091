using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Drift.GetReport;
using TenantAtlas.Application.Drift.Start;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

/// <summary>Drift checks: read-only comparisons of the live tenant with a backup set (docs/schedules-and-drift.md).</summary>
public static class DriftEndpoints
{
    public static void MapDrift(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}").WithTags("Drift");
        group.MapPost("/drift-checks", Start).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Start a read-only drift check (policy.drift_check) against the named backup set or the latest Ready one; 202 with the run. 409 drift.no_baseline when there is none.");
        group.MapGet("/drift-reports/{runId}", Get).RequireTenantRole(TenantRole.Reader)
            .WithSummary("A drift check's report: summary (unchanged, changed, added, deleted, failed) and a page of per-policy results with diffs; ?action= filters.");
    }

    private static async Task<Accepted<RunDto>> Start(Guid tenantId, DriftCheckRequest? request, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new StartDriftCheckCommand(tenantId, request?.BackupSetId, request?.PolicyTypes), ct));

    private static async Task<Ok<DriftReportDto>> Get(
        Guid tenantId, Guid runId, HttpContext http, IMediator mediator, CancellationToken ct, string? action = null, int page = 1,
        int pageSize = Paging.DefaultPageSize)
    {
        var report = await mediator.Send(new GetDriftReportQuery(tenantId, runId, action, page, pageSize), ct);
        return TypedResults.Ok(report with { Items = PageResults.WithNextLink(http.Request, report.Items) });
    }
}

/// <summary>A drift check: the baseline backup set (default: the tenant's latest Ready set) and the policy types (default: all).</summary>
public sealed record DriftCheckRequest(Guid? BackupSetId, IReadOnlyList<string>? PolicyTypes);
