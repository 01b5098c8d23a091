using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Microsoft.Extensions.Options;
using TenantAtlas.Api.Cors;
using TenantAtlas.Api.Endpoints;
using TenantAtlas.Api.Errors;
using TenantAtlas.Api.OpenApi;
using TenantAtlas.Api.OperatorConsole;
using TenantAtlas.Api.Security;
using TenantAtlas.Api.Streaming;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api;

public static class DependencyInjection
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentActor, HttpCurrentActor>();
        services.AddSingleton<DevelopmentTokens>();
        services.AddScoped<RunEventStream>();
        services.AddOperatorConsole();
        services.AddOptions<Idempotency.IdempotencyOptions>().BindConfiguration(Idempotency.IdempotencyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RunStreamOptions>().BindConfiguration(RunStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure<IConfiguration>((o, configuration) => o.SettleDelay ??=
                string.Equals(configuration["Database:Provider"], "Sqlite", StringComparison.OrdinalIgnoreCase) ? TimeSpan.Zero : TimeSpan.FromSeconds(2));

        AddCors(services);

        services.Configure<JsonOptions>(o =>
        {
            // Enums: exactly one defined name (issue 22). The strict factory comes first, so it reads and writes
            // every enum; JsonStringEnumConverter stays listed so Swashbuckle describes enums as their names.
            o.SerializerOptions.Converters.Add(new Input.StrictEnumConverterFactory());
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
            // {"role":"Reader","role":"Owner"} means different things to different parsers: refuse it.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", ProblemCodes.ForStatus(status));
            ctx.ProblemDetails.Extensions.Remove("exception");
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        AddAuth(builder);

        services.AddApiOpenApi();
        return builder;
    }

    private static void AddCors(IServiceCollection services)
    {
        services.AddOptions<ApiCorsOptions>().BindConfiguration(ApiCorsOptions.Section)
            .Validate(o => o.AllowedOrigins.All(IsOrigin), "Cors:AllowedOrigins holds origins only (scheme://host[:port], no path, no wildcard).")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiCorsOptions>>((cors, api) => cors.AddDefaultPolicy(p => p
            .WithOrigins(api.Value.AllowedOrigins)
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders(ApiCorsOptions.ExposedHeaders)
            .SetPreflightMaxAge(ApiCorsOptions.PreflightMaxAge)));
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
        && !origin.EndsWith('/') && !origin.Contains('*', StringComparison.Ordinal);

    private static void AddAuth(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var devTokens = new DevelopmentTokens(builder.Configuration, TimeProvider.System);
        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "Bearer or ApiKey", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)
                    ? AuthSchemes.ApiKey
                    : AuthSchemes.Bearer)
            .AddJwtBearer(AuthSchemes.Bearer, o =>
            {
                // Authority, ValidAudiences, ValidIssuer and SigningKeys bind from Authentication:Schemes:Bearer
                // (the section `dotnet user-jwts` writes). Keep claim names as issued (sub, roles).
                o.MapInboundClaims = false;
                // EventSource cannot send headers: the run stream (and only it) also takes ?access_token=.
                // Request URLs are not logged (Microsoft.AspNetCore at Warning); see docs/progress-feed.md.
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ctx =>
                    {
                        if (ctx.Request.Path.Equals(RunFeedEndpoints.StreamPath, StringComparison.OrdinalIgnoreCase)
                            && string.IsNullOrEmpty(ctx.Request.Headers.Authorization)
                            && ctx.Request.Query.TryGetValue("access_token", out var token))
                        {
                            ctx.Token = token.ToString();
                        }

                        return Task.CompletedTask;
                    },
                };
                if (devTokens.IsEnabled)
                {
                    o.TokenValidationParameters.ValidIssuers = [.. o.TokenValidationParameters.ValidIssuers ?? [], DevelopmentTokens.Issuer];
                    o.TokenValidationParameters.ValidAudiences = [.. o.TokenValidationParameters.ValidAudiences ?? [], DevelopmentTokens.Audience];
                    o.TokenValidationParameters.IssuerSigningKeys = [.. o.TokenValidationParameters.IssuerSigningKeys ?? [], devTokens.Key];
                }
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null);
        services.AddScoped<IClaimsTransformation, UserProvisioning>();
        services.AddScoped<IAuthorizationHandler, TenantAuthorizationHandler>();

        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.MspAdmin, p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                ctx.User.HasClaim(c => c.Type == ActorClaims.UserId) &&
                ctx.User.Claims.Any(c => c.Type is "roles" or "role" && c.Value == ActorClaims.MspAdminRole)));
        foreach (var role in Enum.GetValues<TenantRole>())
        {
            authorization.AddPolicy(TenantAuthorizationExtensions.PolicyName(role),
                p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(role)));
            authorization.AddPolicy(TenantAuthorizationExtensions.PolicyName(role, allowMspAdmin: true),
                p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(role, AllowMspAdmin: true)));
        }
    }
}
