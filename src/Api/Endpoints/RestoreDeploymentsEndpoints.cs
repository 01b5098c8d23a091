using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Application.Restores.Deployments;

namespace TenantAtlas.Api.Endpoints;

/// <summary>One backup set of a source tenant restored into many target tenants: one run per target.</summary>
public static class RestoreDeploymentsEndpoints
{
    public static void MapRestoreDeployments(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/restore-deployments").WithTags("Restore runs").RequireAuthorization();
        group.MapPost("/", Start)
            .WithSummary("Start a cross-tenant restore (or preview) of the source's backup set in each target: one run per target, each with its own budget, result and audit; 202 with the runs and their Locations. Needs Reader on the source and Owner (preview: Operator) on every target, checked before any run starts. Idempotency-Key is honoured.");
    }

    private static async Task<Accepted<RestoreDeploymentDto>> Start(StartRestoreDeploymentRequest request, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var deployment = await mediator.Send(new StartRestoreDeploymentCommand(
            request.SourceTenantId ?? Guid.Empty, request.BackupSetId ?? Guid.Empty, request.BackupItemIds, request.DryRun,
            request.IncludeAssignments ?? false, request.UnmappedAssignments, request.CreateMissingReferences ?? false, request.Targets), ct);
        http.Response.Headers.RetryAfter = RunResults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Several runs, so no single Location header: each run carries its own.
        return TypedResults.Accepted((string?)null, deployment);
    }
}

/// <summary>
/// A deployment of a source tenant's backup set to several targets. <c>targets</c>: the target tenant ids;
/// the other fields are those of a cross-tenant restore run (see <see cref="StartRestoreRunRequest"/>).
/// </summary>
public sealed record StartRestoreDeploymentRequest(
    Guid? SourceTenantId, Guid? BackupSetId, IReadOnlyList<Guid>? BackupItemIds, bool? DryRun, bool? IncludeAssignments,
    string? UnmappedAssignments, bool? CreateMissingReferences, IReadOnlyList<Guid>? Targets);
