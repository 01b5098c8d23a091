using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.EndToEnd.Tests.Infrastructure;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.EndToEnd.Tests.Observability;

/// <summary>
/// Issue 18 item 1: one trace from the start request on the Api through the message published to RabbitMQ,
/// the Worker's consume and every Graph request of the run. Both hosts run in this process, so the Api's
/// in-memory exporter sees the Worker's spans too; the parent links cross the broker only through the
/// message headers, as between two machines.
/// </summary>
public sealed class RunTraceAcrossApiAndWorkerTests
{
    private const string Operator = "e2e-trace-operator";
    private readonly List<Activity> spans = [];
    private EndToEndEnvironment env = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => env = await EndToEndEnvironment.StartAsync(
        configureApi: services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

    [OneTimeTearDown]
    public async Task StopAsync() => await env.DisposeAsync();

    private List<Activity> Spans()
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    [Test]
    public async Task Graph_requests_of_a_run_descend_from_the_start_request_through_publish_and_consume()
    {
        var tenant = await EndToEndTenants.CreateAsync(env, Operator, TenantRole.Operator, "Contoso traced");
        DemoTenantSeeder.SeedDemo(env.Emulator.State.GetOrAddTenant(tenant.EntraTenantId));
        var response = await env.ApiClientFor(Operator).PostAsync($"/api/v1/tenants/{tenant.Id}/policies/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var runId = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        var run = await env.WaitForAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId), r => r.IsTerminal, TimeSpan.FromSeconds(60));
        Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));

        // Spans are exported when they end; the consume span ends just after the job.
        var tenantId = tenant.Id.ToString();
        List<Activity> graph = [];
        Activity? request = null;
        for (var i = 0; i < 50 && (request is null || graph.Count == 0 || !graph.All(g => HasAncestor(g, request))); i++)
        {
            await Task.Delay(100);
            var all = Spans();
            request = all.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
                && (s.GetTagItem("url.path") as string)?.EndsWith($"/tenants/{tenant.Id}/policies/sync", StringComparison.Ordinal) == true);
            graph = all.Where(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http"
                && s.GetTagItem(TelemetryTags.TenantId) as string == tenantId).ToList();
        }

        Assert.That(request, Is.Not.Null, "the start request's server span");
        Assert.That(graph, Is.Not.Empty, "Graph HTTP client spans tagged with the tenant id");
        var byId = Spans().ToDictionary(s => s.SpanId);
        var chain = Ancestors(graph[0], byId).ToList();
        TestContext.Out.WriteLine($"{graph.Count} Graph span(s); first: {graph[0].DisplayName} <- {Describe(chain)}");
        var consume = chain.FirstOrDefault(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);
        Assert.That(consume, Is.Not.Null, "a MassTransit consume span above the Graph request: " + Describe(chain));
        var publish = chain.FirstOrDefault(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        Assert.That(publish, Is.Not.Null, "the MassTransit publish span above the consume span: " + Describe(chain));
        Assert.That(chain.IndexOf(publish!), Is.GreaterThan(chain.IndexOf(consume!)), "publish is the consume's ancestor");
        Assert.That(chain.Last().SpanId, Is.EqualTo(request!.SpanId), "the chain ends at the start request: " + Describe(chain));
        Assert.That(graph.All(g => g.TraceId == request.TraceId), Is.True, "every Graph request of the run is in the request's trace");
        Assert.That(graph.All(g => HasAncestor(g, request)), Is.True, "every Graph request descends from the start request");
        Assert.That(chain.Any(s => s.Source.Name == "MassTransit" && s.GetTagItem(TelemetryTags.RunId) as string == runId.ToString()), Is.True,
            "the Worker's consume side carries the run id: " + Describe(chain));
        var job = chain.FirstOrDefault(s => s.Source.Name == TenantAtlasTelemetry.Name && s.GetTagItem(TelemetryTags.RunId) as string == runId.ToString());
        Assert.That(job, Is.Not.Null, "the run's job span sits between the consume span and the Graph request: " + Describe(chain));
        Assert.That(chain.IndexOf(job!), Is.LessThan(chain.IndexOf(consume!)), "the job span is a descendant of the consume span");

        // Ids only: no span of the trace carries a request or message body or an Authorization header.
        var trace = Spans().Where(s => s.TraceId == request.TraceId).ToList();
        Assert.That(trace.SelectMany(s => s.TagObjects).Select(t => $"{t.Key}={t.Value}"),
            Has.None.Contains("Bearer").And.None.Contains("displayName"));
    }

    private bool HasAncestor(Activity span, Activity ancestor) =>
        Ancestors(span, Spans().ToDictionary(s => s.SpanId)).Any(a => a.SpanId == ancestor.SpanId);

    /// <summary>The span's parents in order, nearest first, as far as they were exported.</summary>
    private static IEnumerable<Activity> Ancestors(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        var current = span;
        while (current.ParentSpanId != default && byId.TryGetValue(current.ParentSpanId, out var parent))
        {
            yield return parent;
            current = parent;
        }
    }

    private static string Describe(IEnumerable<Activity> chain) =>
        string.Join(" <- ", chain.Select(s => $"{s.Source.Name}:{s.Kind}:{s.DisplayName}"));
}
