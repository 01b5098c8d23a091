using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using TenantAtlas.Api.Endpoints;
using TenantAtlas.Api.Streaming;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Runs.GetActiveRuns;

namespace TenantAtlas.Api.OpenApi;

/// <summary>
/// Schemas as the API really answers: every property of an answer is always written (the serializer does not
/// omit nulls), so all of them are <c>required</c>; a request lists the fields its validator requires; operation
/// names and item actions are enums; the main requests carry an example.
/// </summary>
public sealed class ContractSchemaFilter : ISchemaFilter
{
    /// <summary>The fields each request's validator requires (the others may be omitted).</summary>
    private static readonly Dictionary<Type, string[]> RequestRequired = new()
    {
        [typeof(CreateTenantRequest)] = ["name", "entraTenantId"],
        [typeof(CreateApiKeyRequest)] = ["name"],
        [typeof(SetTenantMemberRequest)] = ["role"],
        [typeof(CreateBackupSetRequest)] = ["name"],
        [typeof(AddPoliciesRequest)] = ["policyIds"],
        [typeof(StartRestoreRunRequest)] = ["backupSetId", "dryRun"],
        [typeof(StartRestoreDeploymentRequest)] = ["sourceTenantId", "backupSetId", "dryRun", "targets"],
        // One body for POST (name, cronExpression and timeZone required by the validator) and PATCH (all optional).
        [typeof(BackupScheduleRequest)] = [],
        [typeof(DriftCheckRequest)] = [],
    };

    private static readonly Dictionary<Type, Func<JsonNode>> Examples = new()
    {
        [typeof(CreateTenantRequest)] = () => new JsonObject
        {
            ["name"] = "Contoso", ["entraTenantId"] = "6c8e3f5a-1b2d-4e6f-8a9b-0c1d2e3f4a5b", ["graphProfile"] = "contoso",
        },
        [typeof(CreateApiKeyRequest)] = () => new JsonObject { ["name"] = "PSA integration", ["role"] = "Operator" },
        [typeof(SetTenantMemberRequest)] = () => new JsonObject { ["role"] = "Operator" },
        [typeof(CreateBackupSetRequest)] = () => new JsonObject { ["name"] = "Nightly", ["all"] = true, ["policyTypes"] = new JsonArray("deviceConfiguration", "deviceCompliancePolicy") },
        [typeof(AddPoliciesRequest)] = () => new JsonObject { ["policyIds"] = new JsonArray("0196b1d2-0000-7000-8000-000000000010") },
        [typeof(StartRestoreRunRequest)] = () => new JsonObject
        {
            ["backupSetId"] = "0196b1d2-0000-7000-8000-000000000020", ["dryRun"] = true, ["includeAssignments"] = false,
        },
        [typeof(StartRestoreDeploymentRequest)] = () => new JsonObject
        {
            ["sourceTenantId"] = "0196b1d2-0000-7000-8000-000000000001", ["backupSetId"] = "0196b1d2-0000-7000-8000-000000000020",
            ["dryRun"] = true, ["includeAssignments"] = true, ["unmappedAssignments"] = "drop",
            ["targets"] = new JsonArray("0196b1d2-0000-7000-8000-000000000002", "0196b1d2-0000-7000-8000-000000000003"),
        },
        [typeof(BackupScheduleRequest)] = () => new JsonObject
        {
            ["name"] = "Nightly", ["cronExpression"] = "0 2 * * *", ["timeZone"] = "Europe/Berlin", ["mode"] = "BackupThenDrift",
            ["retention"] = new JsonObject { ["keepLast"] = 30, ["maxAgeDays"] = 90 },
        },
        [typeof(DriftCheckRequest)] = () => new JsonObject { ["policyTypes"] = new JsonArray("deviceConfiguration", "settingsCatalogPolicy") },
    };

    /// <summary>String properties whose values are one of a known set: (declaring type, property) to enum schema id.</summary>
    private static readonly Dictionary<(Type, string), string> EnumProperties = new()
    {
        [(typeof(RunDto), "operation")] = ContractDocumentFilter.RunOperationSchema,
        [(typeof(ActiveRunDto), "operation")] = ContractDocumentFilter.RunOperationSchema,
        [(typeof(RunStreamEventData), "operation")] = ContractDocumentFilter.RunOperationSchema,
        [(typeof(RunItemDto), "action")] = ContractDocumentFilter.RunItemActionSchema,
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s || s.Properties is not { Count: > 0 } properties || context.Type.Namespace?.StartsWith("TenantAtlas.", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (var ((type, property), schemaId) in EnumProperties)
        {
            if (type == context.Type && properties.TryGetValue(property, out var current))
            {
                var reference = new OpenApiSchemaReference(schemaId, null);
                properties[property] = IsNullable(context.Type, property)
                    ? new OpenApiSchema { AllOf = [reference], Type = JsonSchemaType.Null, Description = current.Description }
                    : reference;
            }
        }

        if (RequestRequired.TryGetValue(context.Type, out var required))
        {
            s.Required = new HashSet<string>(required);
        }
        else if (!context.Type.Name.EndsWith("Request", StringComparison.Ordinal))
        {
            // An answer: System.Text.Json writes every property, null or not.
            s.Required = new HashSet<string>(properties.Keys);
        }

        if (Examples.TryGetValue(context.Type, out var example))
        {
            s.Examples = [example()];
        }
    }

    private static bool IsNullable(Type type, string camelName)
    {
        var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, camelName, StringComparison.OrdinalIgnoreCase));
        return property is not null && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;
    }
}
