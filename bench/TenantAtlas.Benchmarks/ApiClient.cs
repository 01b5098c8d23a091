using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantAtlas.Benchmarks;

/// <summary>The Api over HTTP as an MSP administrator (development token signed with the bench key).</summary>
internal sealed class ApiClient : IDisposable
{
    public static readonly string[] Terminal = ["Succeeded", "Partial", "Failed", "Cancelled"];

    public ApiClient(Uri baseAddress, string signingKey, int maxConnections)
    {
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", CreateToken(signingKey, "bench-admin"));
    }

    public HttpClient Http { get; }

    /// <summary>HS256 JWT as DevelopmentTokens issues it (issuer tenantatlas-dev, audience tenantatlas-api, role msp.admin).</summary>
    public static string CreateToken(string key, string subject)
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = subject, ["name"] = subject, ["roles"] = "msp.admin",
            ["iss"] = "tenantatlas-dev", ["aud"] = "tenantatlas-api",
            ["nbf"] = now - 60, ["iat"] = now - 60, ["exp"] = now + 24 * 3600,
        }));
        var signature = B64(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    public async Task<Guid> CreateTenantAsync(string name, Guid entraTenantId, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, "/api/v1/tenants", new { name, entraTenantId }, ct);
        return body["id"]!.GetValue<Guid>();
    }

    public async Task<Guid> StartSyncAsync(Guid tenantId, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, $"/api/v1/tenants/{tenantId}/policies/sync", null, ct))["id"]!.GetValue<Guid>();

    /// <summary>Creates a backup set of all policies; returns (setId, runId).</summary>
    public async Task<(Guid SetId, Guid RunId)> StartBackupSetAsync(Guid tenantId, string name, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, $"/api/v1/tenants/{tenantId}/backup-sets", new { name, all = true }, ct);
        return (body["backupSet"]!["id"]!.GetValue<Guid>(), body["run"]!["id"]!.GetValue<Guid>());
    }

    public async Task<Guid> StartRestoreAsync(Guid tenantId, Guid backupSetId, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, $"/api/v1/tenants/{tenantId}/restore-runs",
            new { backupSetId, dryRun = false, includeAssignments = false }, ct))["id"]!.GetValue<Guid>();

    /// <summary>Polls the run (bounded) until it is terminal; returns its RunDto.</summary>
    public async Task<JsonObject> WaitForRunAsync(Guid tenantId, Guid runId, TimeSpan timeout, CancellationToken ct, TimeSpan? pollInterval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = (JsonObject)(await SendAsync(HttpMethod.Get, $"/api/v1/tenants/{tenantId}/runs/{runId}?pageSize=1", null, ct))["run"]!;
            if (Terminal.Contains(run["status"]!.GetValue<string>()))
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run {runId} did not finish within {timeout} (status {run["status"]}).");
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(200), ct);
        }
    }

    public async Task<List<JsonObject>> GetAllPagesAsync(string path, CancellationToken ct)
    {
        // Follows nextLink (page numbers or, on run lists, cursors) until the last page.
        var all = new List<JsonObject>();
        var sep = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? next = $"{path}{sep}pageSize=200";
        while (next is not null)
        {
            var body = await SendAsync(HttpMethod.Get, next, null, ct);
            all.AddRange(body["items"]!.AsArray().Select(i => (JsonObject)i!.DeepClone()));
            next = body["nextLink"]?.GetValue<string>();
        }

        return all;
    }

    public async Task<JsonObject> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {Truncate(text)}");
        }

        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static string Truncate(string s) => s.Length > 400 ? s[..400] : s;

    public void Dispose() => Http.Dispose();
}
