using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using TenantAtlas.Application.Policies.Sync;
using TenantAtlas.Application.Runs.StartPing;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.OpenApi;

/// <summary>
/// Document-wide parts of the contract: the one problem details schema (RFC 9457 with our <c>code</c> and
/// <c>errors</c>), the enums of operation names and item actions, and tag descriptions.
/// </summary>
public sealed class ContractDocumentFilter : IDocumentFilter
{
    public const string ProblemSchema = "ProblemDetails";
    public const string RunOperationSchema = "RunOperation";
    public const string RunItemActionSchema = "RunItemAction";

    /// <summary>Every action a run item can record (restore, preview, capture, sync and diagnostic runs).</summary>
    public static IReadOnlyList<string> ItemActions { get; } =
    [
        .. typeof(RunItemAction).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!),
        SyncPolicyInventoryJob.SyncedAction,
        DiagnosticPingJob.PongAction,
    ];

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Tenants"] = "Customer tenants the caller can see; onboarding by MSP administrators.",
        ["Tenant members"] = "Users of a tenant and their roles (Reader, Operator, Owner).",
        ["API keys"] = "Keys for integrations (`Authorization: ApiKey <secret>`), each acting with one role in one tenant.",
        ["Policies"] = "Intune policies known from inventory sync, their captured versions and payloads.",
        ["Backup sets"] = "Named sets of captured policy versions, filled by capture runs.",
        ["Restore runs"] = "Previews (dry runs with a diff per item) and live restores of a backup set.",
        ["Runs"] = "Every long-running operation: status monitor, cancel, retry, the active list and the live stream.",
        ["Diagnostics"] = "Runs that check the queue and a worker end to end without Graph.",
        ["Notifications"] = "The caller's notifications about finished runs.",
        ["Audit"] = "Who changed what in the tenant, in order.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Components ??= new OpenApiComponents();
        swaggerDoc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = swaggerDoc.Components.Schemas;
        schemas[ProblemSchema] = Problem();
        schemas.Remove("HttpValidationProblemDetails");
        schemas[RunOperationSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The operation of a run (see docs/run-kinds.md); part of idempotency keys, so names never change.",
            Enum = [.. RunOperations.All.Select(o => (JsonNode)JsonValue.Create(o))],
        };
        schemas[RunItemActionSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "What a run did (or, in a preview, would do) with one item.",
            Enum = [.. ItemActions.Select(a => (JsonNode)JsonValue.Create(a))],
        };

        NormalizeReferences(schemas);

        foreach (var tag in swaggerDoc.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }

    /// <summary>
    /// References as generators read them best: a non-nullable property of a referenced type is a plain <c>$ref</c>
    /// (not an <c>allOf</c> wrapper, which Kiota turns into a subclass); a nullable one is
    /// <c>{allOf: [$ref], nullable: true}</c>. A request's fields are optional, never null: they are written
    /// without <c>nullable</c> (a null is refused like a missing required field).
    /// </summary>
    private static void NormalizeReferences(IDictionary<string, IOpenApiSchema> schemas)
    {
        foreach (var (name, schema) in schemas)
        {
            if (schema is not OpenApiSchema { Properties: { } properties })
            {
                continue;
            }

            var request = name.EndsWith("Request", StringComparison.Ordinal);
            foreach (var (propertyName, value) in properties.ToList())
            {
                if (value is not OpenApiSchema property)
                {
                    continue;
                }

                var nullable = property.Type is { } t && t.HasFlag(JsonSchemaType.Null);
                if (property is { AllOf: [OpenApiSchemaReference reference] })
                {
                    if (nullable && !request)
                    {
                        property.Type = JsonSchemaType.Null;
                    }
                    else
                    {
                        properties[propertyName] = reference;
                    }
                }
                else if (request && nullable)
                {
                    property.Type &= ~JsonSchemaType.Null;
                }
            }
        }
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with a stable machine-readable `code`; validation failures add `errors` (field name to messages).",
        Required = new HashSet<string> { "status", "title", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference identifying the problem type." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short human-readable summary." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "A human-readable explanation of this occurrence (never internals)." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "A URI reference of this occurrence." },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Stable error code, e.g. `validation_failed`, `not_found`, `forbidden`, `precondition_failed`, `backup_set.in_use`, `run.invalid_transition`. Branch on this, not on `title`.",
                Examples = [JsonValue.Create("not_found")],
            },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation failures (`validation_failed`): camelCase field name to its messages.",
                AdditionalPropertiesAllowed = true,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, for support." },
        },
        AdditionalPropertiesAllowed = true,
    };
}
