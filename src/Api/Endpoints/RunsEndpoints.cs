using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Runs.CancelRun;
using TenantAtlas.Application.Runs.GetRun;
using TenantAtlas.Application.Runs.GetRuns;
using TenantAtlas.Application.Runs.RetryFailed;
using TenantAtlas.Application.Runs.StartPing;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

public static class RunsEndpoints
{
    public static void MapRuns(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/runs").WithTags("Runs");
        group.MapGet("/", GetRuns).RequireTenantRole(TenantRole.Reader)
            .WithSummary("Runs of the tenant, newest first; filter by kind, operation and status; paged by cursor (follow nextLink), so a client walks every run once even while new ones start.");
        group.MapGet("/{runId}", GetRun).RequireTenantRole(TenantRole.Reader)
            .WithSummary("The status monitor of every start: id, status, percentComplete and error at the top level, the run and its paged per-item results beside them.")
            .WithDescription("While the run is Queued or Running the answer carries `Retry-After` (seconds): poll again after it. A terminal run (Succeeded, Partial, Failed, Cancelled) has no Retry-After.");
        group.MapPost("/{runId}/cancel", CancelRun).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Cancel: a Queued run at once; a Running run between items.");
        group.MapPost("/{runId}/retry-failed", RetryFailed).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Start a new run of the same kind over only the failed items of a finished run (a live restore needs Owner); 409 when the run is not finished or has no failed items.");

        api.MapPost("/tenants/{tenantId}/diagnostics/ping", StartPing).RequireTenantRole(TenantRole.Operator).WithTags("Diagnostics")
            .WithSummary("Start a diagnostic run that touches no Graph (checks the bus and a worker end to end).");
    }

    private static async Task<Ok<PagedResult<RunDto>>> GetRuns(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct,
        RunKind? kind = null, string? operation = null, RunStatus? status = null,
        int? page = null, int pageSize = Paging.DefaultPageSize, string? cursor = null) =>
        PageResults.Ok(http, await mediator.Send(new GetRunsQuery(tenantId, kind, operation, status, page, pageSize, cursor), ct));

    private static async Task<Ok<RunDetailsDto>> GetRun(
        Guid tenantId, Guid runId, HttpContext http, IMediator mediator, CancellationToken ct,
        RunItemStatus? itemStatus = null, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        RunResults.Monitor(http, await mediator.Send(new GetRunQuery(tenantId, runId, itemStatus, page, pageSize), ct));

    private static async Task<Ok<RunDto>> CancelRun(Guid tenantId, Guid runId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new CancelRunCommand(tenantId, runId), ct));

    private static async Task<Accepted<RunDto>> RetryFailed(Guid tenantId, Guid runId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new RetryFailedItemsCommand(tenantId, runId), ct));

    private static async Task<Accepted<RunDto>> StartPing(Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new StartPingCommand(tenantId), ct));
}
