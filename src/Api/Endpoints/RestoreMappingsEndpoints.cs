using System.Text.Json.Nodes;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Concurrency;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Restores.Mappings;
using TenantAtlas.Application.Restores.Mappings.GetRestoreMapping;
using TenantAtlas.Application.Restores.Mappings.SetRestoreMapping;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

/// <summary>The mapping document of cross-tenant restores from a source tenant into this one (see docs/cross-tenant-restore.md).</summary>
public static class RestoreMappingsEndpoints
{
    public const string MergePatchContentType = "application/merge-patch+json";

    public static void MapRestoreMappings(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/restore-mappings").WithTags("Restore mappings");
        group.MapGet("/{sourceTenantId}", Get).RequireTenantRole(TenantRole.Reader).WithETag()
            .WithSummary("The mapping of source group, assignment filter, scope tag and named location ids to this tenant's, used by cross-tenant restores from sourceTenantId (Reader here and on the source); answers an ETag. 404 until one is stored.");
        group.MapPut("/{sourceTenantId}", Put).RequireTenantRole(TenantRole.Owner).WithIfMatch(Current)
            .WithSummary("Replace (or create, 201) the mapping (Owner here, Reader on the source). If-Match (the ETag of GET) is honoured, 412 on mismatch.");
        group.MapPatch("/{sourceTenantId}", Patch).RequireTenantRole(TenantRole.Owner).WithIfMatch(Current)
            .Accepts<JsonObject>(MergePatchContentType, "application/json")
            .WithSummary("Change entries with a JSON merge patch (RFC 7396): {\"groups\": {\"<source id>\": \"<target id>\", \"<other>\": null}}; null removes an entry. A preview's proposedMapping.mapping can be sent as is. If-Match is honoured, 412 on mismatch.");
    }

    private static GetRestoreMappingQuery Current(HttpContext http) => new(http.RouteGuid("tenantId"), http.RouteGuid("sourceTenantId"));

    private static async Task<Ok<RestoreMappingDto>> Get(Guid tenantId, Guid sourceTenantId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetRestoreMappingQuery(tenantId, sourceTenantId), ct));

    private static Task<Results<Created<RestoreMappingDto>, Ok<RestoreMappingDto>>> Put(
        Guid tenantId, Guid sourceTenantId, JsonObject? body, IMediator mediator, CancellationToken ct) =>
        SetAsync(new SetRestoreMappingCommand(tenantId, sourceTenantId, body, MergePatch: false), mediator, ct);

    private static Task<Results<Created<RestoreMappingDto>, Ok<RestoreMappingDto>>> Patch(
        Guid tenantId, Guid sourceTenantId, JsonObject? body, IMediator mediator, CancellationToken ct) =>
        SetAsync(new SetRestoreMappingCommand(tenantId, sourceTenantId, body, MergePatch: true), mediator, ct);

    private static async Task<Results<Created<RestoreMappingDto>, Ok<RestoreMappingDto>>> SetAsync(
        SetRestoreMappingCommand command, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(command, ct);
        return result.Created
            ? TypedResults.Created($"/api/v1/tenants/{command.TenantId}/restore-mappings/{command.SourceTenantId}", result.Mapping)
            : TypedResults.Ok(result.Mapping);
    }
}
