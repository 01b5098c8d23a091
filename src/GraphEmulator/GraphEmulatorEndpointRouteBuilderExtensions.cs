using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TenantAtlas.GraphEmulator.Http;

namespace TenantAtlas.GraphEmulator;

public static class GraphEmulatorEndpointRouteBuilderExtensions
{
    private static readonly string[] GraphMethods = ["GET", "POST", "PATCH", "PUT", "DELETE"];

    /// <summary>
    /// Maps <c>{prefix}/beta/...</c>, <c>{prefix}/v1.0/...</c> (including <c>$batch</c>), <c>{prefix}/$batch</c>
    /// (treated as v1.0) and the admin API under <c>{prefix}/_emulator/...</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapGraphEmulator(this IEndpointRouteBuilder app, string prefix = "")
    {
        prefix = prefix.Trim().TrimEnd('/');
        if (prefix.Length > 0 && !prefix.StartsWith('/'))
        {
            prefix = "/" + prefix;
        }

        foreach (var version in new[] { "beta", "v1.0" })
        {
            app.MapMethods($"{prefix}/{version}/{{**path}}", GraphMethods, ctx => GraphEndpoints.HandleAsync(ctx, prefix, version))
                .ExcludeFromDescription();
        }

        app.MapPost($"{prefix}/$batch", ctx =>
        {
            ctx.Request.RouteValues["path"] = "$batch";
            return GraphEndpoints.HandleAsync(ctx, prefix, "v1.0");
        }).ExcludeFromDescription();

        EmulatorAdminEndpoints.Map(app, prefix);
        return app;
    }
}
