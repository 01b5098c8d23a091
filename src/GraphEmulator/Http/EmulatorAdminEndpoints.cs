using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TenantAtlas.GraphEmulator.Seeding;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>Small unauthenticated admin API for manual use of a running emulator (faults, log, seed).</summary>
internal static class EmulatorAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app, string prefix)
    {
        var admin = app.MapGroup($"{prefix}/_emulator").ExcludeFromDescription();

        admin.MapGet("/requests", (GraphEmulatorState state, Guid? tenantId) =>
            Results.Ok(state.RequestLog.Where(r => tenantId is null || r.TenantId == tenantId)));

        admin.MapDelete("/requests", (GraphEmulatorState state) =>
        {
            state.ClearRequestLog();
            return Results.NoContent();
        });

        admin.MapGet("/tenants", (GraphEmulatorState state) => Results.Ok(state.Tenants.Select(t => new
        {
            tenantId = t.EntraTenantId,
            counts = PolicyCollectionDescriptor.StoreKeys.ToDictionary(k => k, t.Count),
        })));

        admin.MapPut("/tenants/{tenantId:guid}/faults", (GraphEmulatorState state, Guid tenantId, FaultSettings settings) =>
        {
            var faults = state.GetOrAddTenant(tenantId).Faults;
            faults.Latency = TimeSpan.FromMilliseconds(settings.LatencyMs ?? 0);
            faults.RequestBudgetPer20s = settings.RequestBudgetPer20s;
            faults.WriteBudgetPer20s = settings.WriteBudgetPer20s;
            faults.IdentityRequestBudgetPer20s = settings.IdentityRequestBudgetPer20s;
            faults.IdentityWriteBudgetPer20s = settings.IdentityWriteBudgetPer20s;
            faults.RetryAfterSeconds = settings.RetryAfterSeconds;
            faults.ThrottleErrorCode = settings.ThrottleErrorCode ?? "TooManyRequests";
            faults.ServiceUnavailableRate = Math.Clamp(settings.ServiceUnavailableRate ?? 0, 0, 1);
            faults.IgnoreFilter = settings.IgnoreFilter ?? false;
            faults.AssignDropsTargets = settings.AssignDropsTargets ?? false;
            if (settings.RandomSeed is { } seed)
            {
                faults.SetRandomSeed(seed);
            }

            return Results.NoContent();
        });

        admin.MapDelete("/tenants/{tenantId:guid}/faults", (GraphEmulatorState state, Guid tenantId) =>
        {
            state.GetOrAddTenant(tenantId).Faults.Reset();
            return Results.NoContent();
        });

        admin.MapPost("/tenants/{tenantId:guid}/scripted-failures", (GraphEmulatorState state, Guid tenantId, ScriptedFailureSettings s) =>
        {
            state.GetOrAddTenant(tenantId).Faults.AddScriptedFailure(new ScriptedFailure(s.Status, s.Code ?? "InternalServerError", s.Message ?? "Scripted failure", s.Times)
            {
                Method = s.Method,
                ObjectId = s.ObjectId,
                PathContains = s.PathContains,
                RetryAfterSeconds = s.RetryAfterSeconds,
            });
            return Results.NoContent();
        });

        admin.MapPost("/tenants/{tenantId:guid}/seed", (GraphEmulatorState state, Guid tenantId, string? kind, int? count) =>
        {
            var tenant = state.GetOrAddTenant(tenantId);
            if (string.Equals(kind, "large", StringComparison.OrdinalIgnoreCase))
            {
                DemoTenantSeeder.SeedLarge(tenant, count ?? 2000);
            }
            else
            {
                DemoTenantSeeder.SeedDemo(tenant, count ?? 64);
            }

            return Results.NoContent();
        });

        admin.MapDelete("/tenants/{tenantId:guid}/policies", (GraphEmulatorState state, Guid tenantId) =>
        {
            state.GetOrAddTenant(tenantId).Clear();
            return Results.NoContent();
        });

        // Drift as if made in the portal: top-level properties of the body replace the stored ones (a JSON merge of one
        // level, null removes), and the policy's lastModifiedDateTime and version move on. Answers the changed object.
        admin.MapPatch("/tenants/{tenantId:guid}/policies/{policyId}", (GraphEmulatorState state, Guid tenantId, string policyId, JsonObject changes) =>
        {
            if (changes.ContainsKey("id") || changes.ContainsKey("@odata.type"))
            {
                return Results.BadRequest(new { error = "id and @odata.type cannot be changed." });
            }

            var tenant = state.GetOrAddTenant(tenantId);
            if (CollectionOf(tenant, policyId) is not { } collection)
            {
                return Results.NotFound();
            }

            tenant.Update(collection, policyId, body =>
            {
                foreach (var (name, value) in changes)
                {
                    if (value is null)
                    {
                        body.Remove(name);
                    }
                    else
                    {
                        body[name] = value.DeepClone();
                    }
                }
            }, touch: true);
            return Results.Ok(tenant.Find(collection, policyId));
        });

        // Deletion as if made in the portal.
        admin.MapDelete("/tenants/{tenantId:guid}/policies/{policyId}", (GraphEmulatorState state, Guid tenantId, string policyId) =>
        {
            var tenant = state.GetOrAddTenant(tenantId);
            return CollectionOf(tenant, policyId) is { } collection && tenant.Remove(collection, policyId)
                ? Results.NoContent()
                : Results.NotFound();
        });
    }

    /// <summary>The stored collection that holds a policy id, whatever its type (the admin API takes ids only).</summary>
    private static string? CollectionOf(EmulatorTenant tenant, string policyId) =>
        PolicyCollectionDescriptor.StoreKeys.FirstOrDefault(key => tenant.Find(key, policyId) is not null);

    internal sealed record FaultSettings(
        double? LatencyMs,
        int? RequestBudgetPer20s,
        int? WriteBudgetPer20s,
        double? RetryAfterSeconds,
        string? ThrottleErrorCode,
        double? ServiceUnavailableRate,
        int? RandomSeed,
        bool? IgnoreFilter = null,
        bool? AssignDropsTargets = null,
        int? IdentityRequestBudgetPer20s = null,
        int? IdentityWriteBudgetPer20s = null);

    internal sealed record ScriptedFailureSettings(
        int Status,
        string? Code,
        string? Message,
        string? Method,
        string? ObjectId,
        string? PathContains,
        int? Times,
        double? RetryAfterSeconds);
}
