using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Application.Policies.GetPolicyTypes;

namespace TenantAtlas.Api.Endpoints;

/// <summary>The supported object types and their capabilities (docs/policy-types.md).</summary>
public static class PolicyTypesEndpoints
{
    public static void MapPolicyTypes(this RouteGroupBuilder api)
    {
        // Not tenant data: any authenticated caller (every tenant member holds at least Reader) may read it.
        api.MapGet("/policy-types", GetPolicyTypes).WithTags("Policies").RequireAuthorization()
            .WithSummary("Every supported object type with its capabilities: capture, restoreCreate, restoreUpdate, assignments, referencesRemapped.");
    }

    private static async Task<Ok<IReadOnlyList<PolicyTypeDto>>> GetPolicyTypes(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetPolicyTypesQuery(), ct));
}
