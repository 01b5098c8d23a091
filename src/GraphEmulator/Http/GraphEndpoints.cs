using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>HTTP edge of the emulator: auth, latency, request log, and $batch fan-out.</summary>
internal static class GraphEndpoints
{
    public const int MaxBatchRequests = 20;
    private const string BearerPrefix = "Bearer emulator:";

    public static async Task HandleAsync(HttpContext ctx, string prefix, string version)
    {
        var state = ctx.RequestServices.GetRequiredService<GraphEmulatorState>();
        var path = ctx.Request.RouteValues["path"] as string ?? string.Empty;
        var query = ctx.Request.QueryString.Value ?? string.Empty;
        var logPath = $"/{version}/{path}{query}";
        var clientRequestId = ctx.Request.Headers["client-request-id"].FirstOrDefault();
        var now = state.TimeProvider.GetUtcNow();

        if (!TryGetTenantId(ctx.Request.Headers.Authorization.FirstOrDefault(), out var tenantId))
        {
            var unauthorized = GraphErrors.Create(401, "InvalidAuthenticationToken",
                "Access token is empty or invalid. Expected 'Bearer emulator:{tenant guid}'.",
                Guid.NewGuid().ToString(), clientRequestId, now);
            await WriteAsync(ctx, unauthorized, clientRequestId);
            state.Log(new EmulatorRequest(now, null, ctx.Request.Method, logPath, 401, false) { Host = ctx.Request.Host.Value });
            return;
        }

        var tenant = state.GetOrAddTenant(tenantId);
        var latency = tenant.Faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            // Wall-clock delay on purpose: it simulates the network, not the throttle clock.
            await Task.Delay(latency, ctx.RequestAborted);
        }

        var serviceRoot = $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}{prefix}/{version}/";
        var (body, parseError) = await ReadBodyAsync(ctx);
        GraphResult result;
        if (parseError is not null)
        {
            result = GraphErrors.Create(400, "BadRequest", parseError, Guid.NewGuid().ToString(), clientRequestId, now);
        }
        else if (string.Equals(path, "$batch", StringComparison.OrdinalIgnoreCase))
        {
            result = HttpMethods.IsPost(ctx.Request.Method)
                ? Batch(state, tenant, body, serviceRoot, version, clientRequestId, now, ctx.Request.Host.Value)
                : GraphErrors.Create(405, "BadRequest", "$batch accepts POST only.", Guid.NewGuid().ToString(), clientRequestId, now);
        }
        else
        {
            result = GraphRequestProcessor.Handle(tenant, new GraphCall(ctx.Request.Method, path, query, body, serviceRoot, clientRequestId));
        }

        state.Log(new EmulatorRequest(state.TimeProvider.GetUtcNow(), tenantId, ctx.Request.Method, logPath, result.Status, false) { Host = ctx.Request.Host.Value });
        await WriteAsync(ctx, result, clientRequestId);
    }

    internal static bool TryGetTenantId(string? authorization, out Guid tenantId)
    {
        tenantId = Guid.Empty;
        return authorization is not null &&
               authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) &&
               Guid.TryParse(authorization.AsSpan(BearerPrefix.Length).Trim(), out tenantId);
    }

    private static async Task<(JsonNode? Body, string? Error)> ReadBodyAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength == 0 || HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsDelete(ctx.Request.Method))
        {
            return (null, null);
        }

        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        if (buffer.Length == 0)
        {
            return (null, null);
        }

        try
        {
            return (JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), null);
        }
        catch (JsonException ex)
        {
            return (null, $"Unable to read JSON request payload: {ex.Message}");
        }
    }

    private static GraphResult Batch(GraphEmulatorState state, EmulatorTenant tenant, JsonNode? body, string serviceRoot, string version, string? clientRequestId, DateTimeOffset now, string? host)
    {
        var requestId = Guid.NewGuid().ToString();
        if (body?["requests"] is not JsonArray requests)
        {
            return GraphErrors.Create(400, "BadRequest", "Invalid batch payload format: 'requests' array is required.", requestId, clientRequestId, now);
        }

        if (requests.Count > MaxBatchRequests)
        {
            return GraphErrors.Create(400, "BadRequest",
                $"Too many requests in the batch: {requests.Count}. A batch may contain at most {MaxBatchRequests} requests.",
                requestId, clientRequestId, now);
        }

        var items = new List<(string Id, string Method, string Url, JsonNode? Body, string? ClientRequestId)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in requests)
        {
            var id = node?["id"] is JsonValue idValue ? idValue.ToString() : null;
            var method = node?["method"]?.GetValue<string>();
            var url = node?["url"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(method) || url is null)
            {
                return GraphErrors.Create(400, "BadRequest", "Invalid batch payload format: each request needs id, method and url.", requestId, clientRequestId, now);
            }

            if (!ids.Add(id))
            {
                return GraphErrors.Create(400, "BadRequest", $"Invalid batch payload format: duplicate request id '{id}'.", requestId, clientRequestId, now);
            }

            var innerClientId = (node!["headers"] as JsonObject)?
                .FirstOrDefault(h => string.Equals(h.Key, "client-request-id", StringComparison.OrdinalIgnoreCase)).Value?.ToString();
            items.Add((id, method, url, node["body"], innerClientId));
        }

        var responses = new List<(string Id, GraphResult Result)>(items.Count);
        foreach (var item in items)
        {
            GraphResult result;
            string logPath;
            if (item.Url.Contains("://", StringComparison.Ordinal))
            {
                logPath = item.Url;
                result = GraphErrors.Create(400, "BadRequest", "Batch request URLs must be relative to the version root.",
                    Guid.NewGuid().ToString(), item.ClientRequestId ?? clientRequestId, now);
            }
            else
            {
                var relative = item.Url.TrimStart('/');
                var q = relative.IndexOf('?', StringComparison.Ordinal);
                var path = q < 0 ? relative : relative[..q];
                var query = q < 0 ? string.Empty : relative[q..];
                logPath = $"/{version}/{relative}";
                result = GraphRequestProcessor.Handle(tenant,
                    new GraphCall(item.Method, path, query, item.Body, serviceRoot, item.ClientRequestId ?? clientRequestId));
            }

            state.Log(new EmulatorRequest(state.TimeProvider.GetUtcNow(), tenant.EntraTenantId, item.Method.ToUpperInvariant(), logPath, result.Status, true) { Host = host });
            responses.Add((item.Id, result));
        }

        var bytes = GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("responses");
            foreach (var (id, result) in responses)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteNumber("status", result.Status);
                w.WriteStartObject("headers");
                if (result.Body is not null)
                {
                    w.WriteString("Content-Type", GraphJson.ContentType);
                }

                foreach (var (name, value) in result.Headers)
                {
                    w.WriteString(name, value);
                }

                w.WriteEndObject();
                if (result.Body is not null)
                {
                    w.WritePropertyName("body");
                    w.WriteRawValue(result.Body, skipInputValidation: true);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return new GraphResult(200, bytes, requestId);
    }

    private static async Task WriteAsync(HttpContext ctx, GraphResult result, string? clientRequestId)
    {
        var response = ctx.Response;
        response.StatusCode = result.Status;
        response.Headers["request-id"] = result.RequestId;
        response.Headers["client-request-id"] = clientRequestId ?? result.RequestId;
        foreach (var (name, value) in result.Headers)
        {
            response.Headers[name] = value;
        }

        if (result.Body is not null)
        {
            response.ContentType = GraphJson.ContentType;
            response.ContentLength = result.Body.Length;
            await response.Body.WriteAsync(result.Body, ctx.RequestAborted);
        }
    }
}
