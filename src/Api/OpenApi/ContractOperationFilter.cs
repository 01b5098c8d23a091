using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using TenantAtlas.Api.Endpoints;
using TenantAtlas.Api.Errors;
using TenantAtlas.Api.Idempotency;
using TenantAtlas.Api.Security;
using TenantAtlas.Api.Streaming;

namespace TenantAtlas.Api.OpenApi;

/// <summary>
/// Completes every operation of the document: its stable operationId, the headers of the long-running-operation
/// answers (202 Location, Operation-Location, Retry-After), Idempotency-Key on POST, conditional-request
/// headers, every error answer as application/problem+json, the run stream as text/event-stream, and a
/// description of who may call it. See docs/api-contract.md.
/// </summary>
public sealed class ContractOperationFilter : IOperationFilter
{
    public const string ProblemJson = "application/problem+json";
    public const string EventStream = "text/event-stream";

    private static readonly (int Status, string Description)[] Problems =
    [
        (400, "The request is invalid (`validation_failed` with `errors` per field, or `bad_request`)."),
        (401, "No valid credentials: send `Authorization: Bearer <jwt>` or `Authorization: ApiKey <secret>` (`unauthorized`)."),
        (403, "The caller lacks the role this operation needs (`forbidden`)."),
        (404, "The tenant or resource does not exist or is not visible to the caller (`not_found`)."),
        (409, "Conflict with the resource's state or a request with the same Idempotency-Key still in flight (`code` names the conflict)."),
        (412, "If-Match does not match the current ETag (`precondition_failed`): read the resource again and retry."),
        (413, "The request body is larger than 1 MiB (`payload_too_large`)."),
        (415, "The body is not `application/json` in UTF-8 (`unsupported_media_type`)."),
        (422, "The Idempotency-Key was used before with a different request (`unprocessable`)."),
        (500, "An unexpected error (`internal_error`); no details are disclosed."),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        var method = (api.HttpMethod ?? "GET").ToUpperInvariant();
        var path = "/" + (api.RelativePath ?? "").Trim('/');
        var metadata = api.ActionDescriptor.EndpointMetadata;
        operation.OperationId = OperationIds.For(method, path);
        operation.Parameters ??= new List<IOpenApiParameter>();
        operation.Responses ??= new OpenApiResponses();

        var hasBody = operation.RequestBody is not null;
        var hasPathParameters = path.Contains('{', StringComparison.Ordinal);
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var changes = method is "POST" or "PUT" or "PATCH" or "DELETE";

        foreach (var (status, response) in operation.Responses.ToList())
        {
            if (response is not OpenApiResponse r)
            {
                continue;
            }

            switch (status)
            {
                case "201":
                    AddHeader(r, "Location", "The URL of the created resource.", UriSchema(), required: true);
                    break;
                case "202":
                    r.Description = "Accepted: the run is queued (or an active run with the same input is reused). Poll `Location` (the status monitor) until its `status` is terminal, waiting `Retry-After` seconds between reads.";
                    AddHeader(r, "Location", "The status monitor of the run: `GET /api/v1/tenants/{tenantId}/runs/{runId}`.", UriSchema(), required: true);
                    AddHeader(r, "Operation-Location", "The same status monitor (Microsoft's long-running-operation header).", UriSchema(), required: true);
                    AddHeader(r, "Retry-After", "Seconds to wait before the first poll.", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" }, required: true);
                    break;
                case "304":
                    r.Description = "Not modified: If-None-Match matches the current ETag; no body.";
                    AddHeader(r, "ETag", "The current entity tag.", StringSchema(), required: true);
                    break;
            }

            if (status.StartsWith('2') && operation.Responses.ContainsKey("304"))
            {
                AddHeader(r, "ETag", "The entity tag of this representation; send it as If-None-Match (304) or If-Match (412 on change).", StringSchema(), required: true);
            }

            if (status.StartsWith('2') && method == "POST")
            {
                AddHeader(r, IdempotencyKeyMiddleware.ReplayedHeader,
                    "`true` when this answer is the stored answer of an earlier request with the same Idempotency-Key.", new OpenApiSchema { Type = JsonSchemaType.Boolean }, required: false);
            }

            if (status == "200" && operation.OperationId is "getRun" or "getRestoreRun")
            {
                AddHeader(r, "Retry-After", "Present while the run is Queued or Running: seconds to wait before the next poll. Absent once the run is terminal.",
                    new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" }, required: false);
            }
        }

        if (method == "POST")
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeyMiddleware.HeaderName,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes a retry safe: the same key with the same request within 24 h replays the first answer (with `Idempotent-Replayed: true`); with a different request it is a 422; while the first is still in flight, a 409. Keys are scoped to the caller.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeyMiddleware.MaxKeyLength },
                Example = "3f0c6e8e-6d8b-4a4e-9b8e-1c2d3e4f5a6b",
            });
        }

        if (operation.Responses.ContainsKey("304"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match", In = ParameterLocation.Header, Required = false, Schema = StringSchema(),
                Description = "An ETag from an earlier answer: 304 without a body while the resource is unchanged.",
            });
        }

        if (operation.Responses.ContainsKey("412"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match", In = ParameterLocation.Header, Required = false, Schema = StringSchema(),
                Description = "The ETag of the resource as last read: the change is made only if it still matches (412 otherwise).",
            });
        }

        if (operation.OperationId == "streamRunEvents")
        {
            DescribeStream(operation, context);
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter is { Name: "operation", In: ParameterLocation.Query })
            {
                parameter.Schema = new OpenApiSchemaReference(ContractDocumentFilter.RunOperationSchema, context.Document);
                parameter.Description ??= "Only runs of this operation.";
            }
        }

        foreach (var (status, description) in Problems)
        {
            var applies = status switch
            {
                400 => hasBody || operation.Parameters.Count > 0,
                401 or 403 => authorized,
                404 => hasPathParameters,
                409 => changes,
                412 => operation.Responses.ContainsKey("412"),
                413 => method is "POST" or "PUT" or "PATCH",
                415 => hasBody,
                422 => method == "POST",
                _ => true,
            };
            if (applies)
            {
                operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ContractDocumentFilter.ProblemSchema, context.Document) },
                    },
                };
            }
        }

        if (string.IsNullOrWhiteSpace(operation.Description))
        {
            operation.Description = Who(metadata);
        }
        else
        {
            operation.Description = operation.Description.TrimEnd() + "\n\n" + Who(metadata);
        }
    }

    /// <summary>Who may call the operation, from its authorization metadata.</summary>
    private static string Who(IList<object> metadata)
    {
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToList();
        if (metadata.OfType<TenantRoleMetadata>().LastOrDefault() is { } role)
        {
            var mspAdmin = policies.Any(p => p!.EndsWith("or-msp-admin", StringComparison.Ordinal));
            return $"Requires the {role.MinimumRole} role (or higher) in the tenant: a member user or an API key of the tenant{(mspAdmin ? ", or any MSP administrator" : "")}.";
        }

        if (policies.Contains(ApiPolicies.MspAdmin))
        {
            return "MSP administrators only (a user token with the msp-admin role).";
        }

        return "Any authenticated caller (a user token or an API key); the answer covers only the caller's own tenants and data.";
    }

    private static void DescribeStream(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = "Last-Event-ID", In = ParameterLocation.Header, Required = false,
            Description = "Resume after this event id (browsers' EventSource sends it on reconnect); wins over `lastEventId`.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" },
        });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "access_token", In = ParameterLocation.Query, Required = false,
            Description = "A bearer token for EventSource, which cannot send headers (only this endpoint accepts it; see docs/progress-feed.md).",
            Schema = StringSchema(),
        });
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.Name == "lastEventId"))
        {
            parameter.Description = "Resume after this event id (for a first connection from a stored id).";
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" };
        }

        var data = context.SchemaGenerator.GenerateSchema(typeof(RunStreamEventData), context.SchemaRepository);
        var frame = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One Server-Sent Events frame (`id:`, `event:` and `data:` lines, then a blank line). The stream starts with `retry: 3000`; a `: keepalive` comment follows 15 s without events. `data` is one line of JSON. On the wire:\n\n```\nid: 1842\nevent: run.status\ndata: {\"runId\":\"…\",\"status\":\"Running\",…}\n\n```",
            Required = new HashSet<string> { "id", "event", "data" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$", Description = "Monotonic event id: the resume cursor (Last-Event-ID)." },
                ["event"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [RunStreamEventData.StatusEvent, RunStreamEventData.ProgressEvent],
                    Description = "`run.status` on every status change (terminal ones included); `run.progress` while a run works, at most one per run per second.",
                },
                ["data"] = data,
            },
        };
        operation.Responses!["200"] = new OpenApiResponse
        {
            Description = "A stream of run events in the caller's tenants until the client disconnects.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                [EventStream] = new OpenApiMediaType
                {
                    Schema = frame,
                    Example = new JsonObject
                    {
                        ["id"] = "1842",
                        ["event"] = RunStreamEventData.StatusEvent,
                        ["data"] = new JsonObject
                        {
                            ["runId"] = "0196b1d2-0000-7000-8000-000000000001", ["tenantId"] = "0196b1d2-0000-7000-8000-000000000002",
                            ["kind"] = "BulkOperation", ["operation"] = "backup_set.capture", ["status"] = "Running",
                            ["counts"] = new JsonObject { ["total"] = 64, ["processed"] = 0, ["succeeded"] = 0, ["failed"] = 0, ["skipped"] = 0 },
                            ["percent"] = 0, ["occurredAt"] = "2026-01-01T00:00:00+00:00",
                        },
                    },
                },
            },
        };
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, IOpenApiSchema schema, bool required)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = schema, Required = required };
    }

    private static OpenApiSchema StringSchema() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema UriSchema() => new() { Type = JsonSchemaType.String, Format = "uri-reference" };
}
