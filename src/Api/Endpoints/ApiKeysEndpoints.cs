using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Concurrency;
using TenantAtlas.Api.Idempotency;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

public static class ApiKeysEndpoints
{
    public static void MapApiKeys(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/api-keys").WithTags("API keys").RequireTenantRole(TenantRole.Owner);
        group.MapPost("/", Create).WithSecretInResponse("secret")
            .WithSummary("Create an API key for integrations. The secret is in this response only; an Idempotency-Key replay answers with secret null.");
        group.MapGet("/", List).WithSummary("API keys of the tenant, newest first, paged (never their secrets).");
        group.MapGet("/{apiKeyId}", Get).WithETag().WithSummary("One API key (never its secret); answers an ETag (If-None-Match: 304).");
        group.MapDelete("/{apiKeyId}", Revoke)
            .WithIfMatch(http => new GetApiKeyQuery(http.RouteGuid("tenantId"), http.RouteGuid("apiKeyId")))
            .WithSummary("Revoke an API key; If-Match (the ETag of GET) is honoured, 412 on mismatch.");
    }

    private static async Task<Created<CreatedApiKeyDto>> Create(Guid tenantId, CreateApiKeyRequest request, IMediator mediator, CancellationToken ct)
    {
        var created = await mediator.Send(new CreateApiKeyCommand(tenantId, request.Name ?? "", request.Role ?? TenantRole.Reader), ct);
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/api-keys/{created.Key.Id}", created);
    }

    private static async Task<Ok<PagedResult<ApiKeyDto>>> List(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetApiKeysQuery(tenantId, page, pageSize), ct));

    private static async Task<Ok<ApiKeyDto>> Get(Guid tenantId, Guid apiKeyId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetApiKeyQuery(tenantId, apiKeyId), ct));

    private static async Task<Ok<ApiKeyDto>> Revoke(Guid tenantId, Guid apiKeyId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new RevokeApiKeyCommand(tenantId, apiKeyId), ct));
}

/// <summary>A new API key: a name and the role it acts with (Reader, Operator or Owner).</summary>
public sealed record CreateApiKeyRequest(string? Name, TenantRole? Role);
