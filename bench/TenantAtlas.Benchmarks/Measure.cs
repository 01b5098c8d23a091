using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Benchmarks;

/// <summary>What the emulator's request log says about one tenant over a time span.</summary>
internal sealed record GraphTraffic(int HttpRequests, int BudgetRequests, int Admitted, int Throttled, int Writes, int ThrottledWrites, int MaxAdmittedIn20s, int MaxWritesIn20s)
{
    /// <summary>Graph counts every inner request of a $batch against the budget; the outer POST $batch is not counted.</summary>
    public static GraphTraffic From(GraphEmulatorState state, IReadOnlyCollection<Guid> tenants, DateTimeOffset from, DateTimeOffset to)
    {
        var entries = state.RequestLog.Where(e => e.TenantId is { } t && tenants.Contains(t) && e.Time >= from && e.Time <= to).ToList();
        var http = entries.Count(e => !e.IsBatchInner);
        var budget = entries.Where(e => e.IsBatchInner || !e.Path.EndsWith("$batch", StringComparison.OrdinalIgnoreCase)).ToList();
        var admitted = budget.Where(e => e.Status != 429).ToList();
        var writes = budget.Where(e => !string.Equals(e.Method, "GET", StringComparison.OrdinalIgnoreCase)).ToList();
        var admittedWrites = writes.Where(e => e.Status != 429).ToList();
        // Per tenant, as Graph counts; the figure reported is the highest of any tenant.
        var maxAll = admitted.GroupBy(e => e.TenantId).Select(g => MaxInWindow(g.Select(e => e.Time))).DefaultIfEmpty(0).Max();
        var maxWrites = admittedWrites.GroupBy(e => e.TenantId).Select(g => MaxInWindow(g.Select(e => e.Time))).DefaultIfEmpty(0).Max();
        return new GraphTraffic(http, budget.Count, admitted.Count, budget.Count - admitted.Count, admittedWrites.Count,
            writes.Count - admittedWrites.Count, maxAll, maxWrites);
    }

    private static int MaxInWindow(IEnumerable<DateTimeOffset> times)
    {
        var sorted = times.OrderBy(t => t).ToArray();
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= TimeSpan.FromSeconds(20))
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}

internal static class Percentiles
{
    public static double Of(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>
/// The way PowerShell backup tools read a tenant: one request at a time, list each collection
/// (default paging), then GET each policy and GET its assignments.
/// </summary>
internal static class SequentialBaseline
{
    private static readonly (string Collection, string? Expand)[] Collections =
    [
        ("deviceManagement/configurationPolicies", "settings"),
        ("deviceManagement/deviceCompliancePolicies", "scheduledActionsForRule($expand=scheduledActionConfigurations)"),
        ("deviceManagement/deviceConfigurations", null),
        // App policies through their concrete collections: the base managedAppPolicies has no assignments.
        ("deviceAppManagement/iosManagedAppProtections", null),
        ("deviceAppManagement/androidManagedAppProtections", null),
    ];

    public sealed record Result(int Listed, TimeSpan ListTime, int PoliciesRead, TimeSpan ReadTime, int Requests, int Failures);

    public static async Task<Result> RunAsync(Uri emulator, Guid entraTenantId, int maxPolicies, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulator, "beta/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"emulator:{entraTenantId}");
        var requests = 0;
        var failures = 0;
        var listed = new List<(string Collection, string? Expand, string Id)>();
        var clock = Stopwatch.StartNew();
        foreach (var (collection, expand) in Collections)
        {
            string? next = collection;
            for (var page = 0; next is not null && page < 10_000; page++)
            {
                requests++;
                using var response = await http.GetAsync(next, ct);
                if (!response.IsSuccessStatusCode)
                {
                    failures++;
                    break;
                }

                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
                listed.AddRange(body["value"]!.AsArray().Select(p => (collection, expand, p!["id"]!.GetValue<string>())));
                next = body["@odata.nextLink"]?.GetValue<string>();
            }
        }

        var listTime = clock.Elapsed;
        // Interleave types so a partial read is a fair sample of the tenant.
        var sample = listed.GroupBy(p => p.Collection).SelectMany(g => g.Select((p, i) => (p, i))).OrderBy(x => x.i).Select(x => x.p).Take(maxPolicies).ToList();
        clock.Restart();
        foreach (var (collection, expand, id) in sample)
        {
            var item = expand is null ? $"{collection}/{id}" : $"{collection}/{id}?$expand={expand}";
            foreach (var url in new[] { item, $"{collection}/{id}/assignments" })
            {
                requests++;
                using var response = await http.GetAsync(url, ct);
                if (!response.IsSuccessStatusCode)
                {
                    failures++;
                }
                else
                {
                    _ = await response.Content.ReadAsByteArrayAsync(ct);
                }
            }
        }

        return new Result(listed.Count, listTime, sample.Count, clock.Elapsed, requests, failures);
    }
}
