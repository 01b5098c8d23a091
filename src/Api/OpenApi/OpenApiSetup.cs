using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TenantAtlas.Api.OpenApi;

/// <summary>The OpenAPI document (Swashbuckle) and where it is served; the contract is described in docs/api-contract.md.</summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

    public static IServiceCollection AddApiOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "TenantAtlas Orchestrator API",
                Version = "v1",
                Description = "Back up and restore Intune configuration of many tenants. Every Graph-heavy action is a queued, idempotent, observable run: start endpoints answer 202 with Location of the run's status monitor. Errors are application/problem+json with a stable `code`. See docs/api-contract.md.",
                Contact = new OpenApiContact { Name = "TenantAtlas maintainers", Url = new Uri("https://tenantatlas.invalid/docs/api-contract") },
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "TenantAtlas.Api.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }

            var applicationXml = Path.Combine(AppContext.BaseDirectory, "TenantAtlas.Application.xml");
            if (File.Exists(applicationXml))
            {
                o.IncludeXmlComments(applicationXml);
            }

            o.SupportNonNullableReferenceTypes();
            o.UseAllOfToExtendReferenceSchemas();
            // Free-form JSON (policy payloads, diffs, notification data, audit metadata): any JSON value, never
            // .NET's JsonNode object model ({options, parent, root}).
            o.MapType<JsonNode>(() => new OpenApiSchema());
            o.MapType<JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true });
            o.MapType<JsonArray>(() => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema() });

            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "A JWT from the configured authority (development: the token printed at start).",
            });
            o.AddSecurityDefinition("ApiKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "Authorization",
                Description = "`ApiKey <secret>` for integrations.",
            });
            // Two requirements: Bearer OR ApiKey (one requirement naming both would mean both at once).
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", doc)] = [] });
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", doc)] = [] });

            o.OperationFilter<ContractOperationFilter>();
            o.SchemaFilter<ContractSchemaFilter>();
            o.DocumentFilter<ContractDocumentFilter>();
        });
        return services;
    }

    /// <summary>Serves the document (with this host as its server) and the Swagger UI.</summary>
    public static WebApplication UseApiOpenApi(this WebApplication app)
    {
        app.UseSwagger(o => o.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}", Description = "This host" }]));
        app.UseSwaggerUI(o => o.SwaggerEndpoint(DocumentPath, "TenantAtlas v1"));
        return app;
    }
}
