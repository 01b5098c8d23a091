using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Policies;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.Policies.GetPolicies;
using TenantAtlas.Application.Policies.GetPolicy;
using TenantAtlas.Application.Policies.GetPolicyVersion;
using TenantAtlas.Application.Policies.GetPolicyVersions;
using TenantAtlas.Application.Policies.Sync;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

/// <summary>Policies: inventory sync, snapshots (captured versions) and reads. Start endpoints never call Graph.</summary>
public static class PoliciesEndpoints
{
    public static void MapPolicies(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/policies").WithTags("Policies");
        group.MapGet("/", GetPolicies).RequireTenantRole(TenantRole.Reader)
            .WithSummary("Policies known from inventory sync; filter by policyType, search by name, paged.");
        group.MapPost("/sync", StartSync).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Start (or reuse) the inventory sync run: lists every supported policy type in Graph and upserts policies. Answers 202 with the run.");
        group.MapGet("/{policyId}", GetPolicy).RequireTenantRole(TenantRole.Reader)
            .WithSummary("A policy with its latest captured version.");
        group.MapPost("/{policyId}/snapshots", CaptureSnapshot).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Capture snapshot: start (or reuse while active) the capture run of the policy. Answers 202 with the run; poll its Location.");
        group.MapGet("/{policyId}/versions", GetVersions).RequireTenantRole(TenantRole.Reader)
            .WithSummary("Captured versions of the policy, newest first (without payloads).");
        group.MapGet("/{policyId}/versions/{versionNumber}", GetVersion).RequireTenantRole(TenantRole.Reader)
            .WithSummary("One captured version with its normalized payload and assignments.");
    }

    private static async Task<Ok<PagedResult<PolicyDto>>> GetPolicies(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct,
        string? policyType = null, string? search = null, bool includeDeleted = false, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetPoliciesQuery(tenantId, policyType, search, includeDeleted, page, pageSize), ct));

    private static async Task<Accepted<RunDto>> StartSync(Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new StartPolicySyncCommand(tenantId), ct));

    private static async Task<Ok<PolicyDetailsDto>> GetPolicy(Guid tenantId, Guid policyId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetPolicyQuery(tenantId, policyId), ct));

    private static async Task<Accepted<RunDto>> CaptureSnapshot(Guid tenantId, Guid policyId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        RunResults.Accepted(http, await mediator.Send(new CapturePolicySnapshotCommand(tenantId, policyId), ct));

    private static async Task<Ok<PagedResult<PolicyVersionDto>>> GetVersions(
        Guid tenantId, Guid policyId, HttpContext http, IMediator mediator, CancellationToken ct,
        int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetPolicyVersionsQuery(tenantId, policyId, page, pageSize), ct));

    private static async Task<Ok<PolicyVersionDetailsDto>> GetVersion(
        Guid tenantId, Guid policyId, int versionNumber, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetPolicyVersionQuery(tenantId, policyId, versionNumber), ct));
}
