using System.Text.Json;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>What the handler chain needs to know about a request, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class GraphRequestContext
{
    public static readonly HttpRequestOptionsKey<GraphTenant> Tenant = new("TenantAtlas.Graph.Tenant");

    /// <summary>False for creates: a 503/504 or a lost connection may have created the object, so only 429 is retried.</summary>
    public static readonly HttpRequestOptionsKey<bool> Retriable = new("TenantAtlas.Graph.RetriableOnFailure");

    private static readonly HttpRequestOptionsKey<IReadOnlyList<string>> BatchMethods = new("TenantAtlas.Graph.BatchInnerMethods");

    private static readonly HttpRequestOptionsKey<IReadOnlyList<string>> BatchUrls = new("TenantAtlas.Graph.BatchInnerUrls");

    /// <summary>
    /// Requests and writes the request costs per budget area: one of each for a plain request, and for a $batch one
    /// per inner request, counted in the area of the inner request's url (a batch may mix Intune and identity routes).
    /// </summary>
    public static async Task<IReadOnlyList<(GraphArea Area, int Requests, int Writes)>> GetDemandAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsBatch(request) && await GetBatchMethodsAsync(request, cancellationToken) is { } methods &&
            request.Options.TryGetValue(BatchUrls, out var urls))
        {
            if (methods.Count == 0)
            {
                return [(GraphArea.Intune, 1, 0)];
            }

            return [.. methods.Zip(urls)
                .GroupBy(x => GraphAreas.Of(x.Second))
                .Select(g => (g.Key, g.Count(), g.Count(x => x.First != "GET")))];
        }

        var path = request.RequestUri?.AbsolutePath ?? "";
        var beta = path.IndexOf("/beta/", StringComparison.OrdinalIgnoreCase);
        return [(GraphAreas.Of(beta < 0 ? path : path[(beta + "/beta/".Length)..]), 1, request.Method == HttpMethod.Get ? 0 : 1)];
    }

    public static GraphTenant GetTenant(HttpRequestMessage request) =>
        request.Options.TryGetValue(Tenant, out var tenant)
            ? tenant
            : throw new InvalidOperationException("A Graph request was sent without its tenant.");

    public static bool IsRetriableOnFailure(HttpRequestMessage request) =>
        !request.Options.TryGetValue(Retriable, out var retriable) || retriable;

    public static bool IsBatch(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri is { } uri &&
        uri.AbsolutePath.EndsWith("/$batch", StringComparison.OrdinalIgnoreCase);

    /// <summary>Methods of the inner requests of a $batch, read from its body; null when the body is not a readable batch.</summary>
    public static async Task<IReadOnlyList<string>?> GetBatchMethodsAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(BatchMethods, out var cached))
        {
            return cached;
        }

        if (request.Content is null)
        {
            return null;
        }

        await request.Content.LoadIntoBufferAsync(cancellationToken);
        var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (!doc.RootElement.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var methods = new List<string>();
            var urls = new List<string>();
            foreach (var inner in requests.EnumerateArray())
            {
                var method = inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String
                    ? m.GetString()!.ToUpperInvariant()
                    : "UNKNOWN";
                methods.Add(method);
                urls.Add(inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String
                    ? u.GetString()!
                    : "");
            }

            request.Options.Set(BatchMethods, methods);
            request.Options.Set(BatchUrls, urls);
            return methods;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
