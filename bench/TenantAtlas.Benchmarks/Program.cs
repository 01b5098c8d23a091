using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using TenantAtlas.Benchmarks;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

// Benchmark driver for issue 9 (bench/run.sh builds Release and calls this). Hosts the Graph emulator,
// starts the Api and the Worker as separate processes on 127.0.0.1, measures, prints a table and writes
// a markdown report. Every wait is bounded; child processes are killed on exit.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var size = BenchSize.Parse(args.FirstOrDefault() ?? "small");
// BENCH_ONLY=engine: only the run engine's cost per item (EngineCost.cs, issue 13), with its own report.
var engineOnly = Environment.GetEnvironmentVariable("BENCH_ONLY") == "engine";
var repo = Path.GetFullPath(Environment.GetEnvironmentVariable("BENCH_REPO") ?? Directory.GetCurrentDirectory());
var outDir = Path.Combine(repo, "bench", "out");
Directory.CreateDirectory(outDir);
var reportPath = Environment.GetEnvironmentVariable("BENCH_REPORT")
    ?? (engineOnly ? Path.Combine(outDir, "engine-cost.md") : null)
    ?? (size.Name == "full" ? Path.Combine(repo, "docs", "benchmarks.md") : Path.Combine(outDir, $"benchmarks-{size.Name}.md"));
var rabbit = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
var pidFile = Environment.GetEnvironmentVariable("BENCH_PIDFILE");
using var overall = new CancellationTokenSource(engineOnly ? TimeSpan.FromMinutes(90) : size.Name == "full" ? TimeSpan.FromMinutes(40) : TimeSpan.FromMinutes(5));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; overall.Cancel(); };
var ct = overall.Token;

void Log(string message) => Console.WriteLine($"[bench {DateTime.UtcNow:HH:mm:ss}] {message}");

var latency = TimeSpan.FromMilliseconds(100);
const int RequestBudget = 1000;
const int WriteBudget = 100;
const string SigningKey = "tenantatlas-benchmark-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";

// Configuration passed to both processes on top of the required settings (BENCHCFG__Runs__ItemParallelism=16 ...).
var tuning = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
    .Select(e => ((string)e.Key, (string?)e.Value ?? ""))
    .Where(e => e.Item1.StartsWith("BENCHCFG__", StringComparison.Ordinal))
    .ToDictionary(e => e.Item1["BENCHCFG__".Length..], e => e.Item2);

// BENCH_ONLY=scaleout: 1 vs 3 Worker processes on PostgreSQL (ScaleOut.cs, issue 16 item 3), with its own report.
if (Environment.GetEnvironmentVariable("BENCH_ONLY") == "scaleout")
{
    return await ScaleOut.RunAsync(repo, outDir, rabbit, pidFile, SigningKey, tuning, Log, ct);
}

await using var emulator = await GraphEmulatorServer.StartAsync("http://127.0.0.1:0");
var state = emulator.State;
Log($"Graph emulator on {emulator.BaseAddress}");

var dbPath = Path.Combine(outDir, $"bench-{size.Name}-{Guid.NewGuid():N}.db");
var apiPort = FreePort();
var workerPort = FreePort();
var queuePrefix = $"bench-{Guid.NewGuid():N}"[..18];
Dictionary<string, string> Env(bool migrate)
{
    var env = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Database__Provider"] = "Sqlite",
        ["Database__ConnectionString"] = $"Data Source={dbPath}",
        ["Database__MigrateOnStartup"] = migrate ? "true" : "false",
        ["Messaging__Transport"] = "RabbitMq",
        ["Messaging__RabbitMq__Uri"] = rabbit,
        ["Messaging__RabbitMq__QueuePrefix"] = queuePrefix,
        ["Messaging__RabbitMq__TemporaryQueues"] = "true",
        ["Worker__InProcess"] = "false",
        ["Demo__Enabled"] = "false",
        ["Graph__Auth"] = "Emulator",
        ["Graph__BaseUrl"] = emulator.BaseAddress.ToString().TrimEnd('/'),
        ["Auth__Development__SigningKey"] = SigningKey,
    };
    if (engineOnly)
    {
        foreach (var (k, v) in EngineCost.Settings)
        {
            env[k] = v;
        }
    }

    foreach (var (k, v) in tuning)
    {
        env[k] = v;
    }

    return env;
}

var apiDll = Path.Combine(repo, "src/Api/bin/Release/net10.0/TenantAtlas.Api.dll");
var workerDll = Path.Combine(repo, "src/Worker/bin/Release/net10.0/TenantAtlas.Worker.dll");
var results = new Report(size, tuning);
List<EngineCost.Result>? engineResults = null;
ChildProcess? api = null, worker = null;
try
{
    api = ChildProcess.Start("api", apiDll, $"http://127.0.0.1:{apiPort}", Env(migrate: true), Path.Combine(outDir, "api.log"), pidFile);
    await WaitHealthyAsync($"http://127.0.0.1:{apiPort}/health/ready", api, ct);
    worker = ChildProcess.Start("worker", workerDll, $"http://127.0.0.1:{workerPort}", Env(migrate: false), Path.Combine(outDir, "worker.log"), pidFile);
    await WaitHealthyAsync($"http://127.0.0.1:{workerPort}/health/ready", worker, ct);
    Log($"Api pid {api.Pid} on :{apiPort}, Worker pid {worker.Pid} on :{workerPort}, SQLite {dbPath}, queue prefix {queuePrefix}");

    using var client = new ApiClient(new Uri($"http://127.0.0.1:{apiPort}"), SigningKey, maxConnections: 256);
    var runTimeout = size.Name == "full" ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(2);
    if (engineOnly)
    {
        engineResults = [];
        await EngineCost.RunAsync(state, client, worker, new Uri($"http://127.0.0.1:{workerPort}"), engineResults, Log, ct);
        return await WriteEngineReportAsync();
    }

    var mixOfAllTypes = Environment.GetEnvironmentVariable("BENCH_MIX") == "types";
    async Task<(Guid Id, EmulatorTenant Graph)> NewTenantAsync(string name, int policies, bool seed = true)
    {
        var entra = Guid.NewGuid();
        var graph = state.GetOrAddTenant(entra);
        graph.Faults.Latency = latency;
        graph.Faults.RequestBudgetPer20s = RequestBudget;
        graph.Faults.WriteBudgetPer20s = WriteBudget;
        if (seed && mixOfAllTypes && name == "Bench big")
        {
            // BENCH_MIX=types: the capture tenant holds every supported type, in the proportions of the fixtures.
            var mix = DemoTenantSeeder.SeedMix(graph, policies);
            Log($"   mix of {mix.Count} collections: {string.Join(", ", mix.Select(m => $"{m.Key} {m.Value}"))}");
        }
        else if (seed)
        {
            DemoTenantSeeder.SeedLarge(graph, policies);
        }

        return (await client.CreateTenantAsync(name, entra, ct), graph);
    }

    async Task<JsonObject> SyncAsync(Guid tenant) => await client.WaitForRunAsync(tenant, await client.StartSyncAsync(tenant, ct), runTimeout, ct);

    async Task<(Guid SetId, JsonObject Run)> CaptureAsync(Guid tenant, string name)
    {
        var (setId, runId) = await client.StartBackupSetAsync(tenant, name, ct);
        return (setId, await client.WaitForRunAsync(tenant, runId, runTimeout, ct));
    }

    // ---- 6. A tenant whose real budget is below the configured one (issue 14, item 3) ----
    // The gateway keeps its default 1000 requests / 20 s; the emulator admits only ThrottledBudget for this tenant.
    async Task ThrottledCaptureAsync()
    {
        Log($"6. throttled capture: {size.ThrottledPolicies} policies, the tenant admits {size.ThrottledBudget} requests / 20 s, the gateway is configured for {RequestBudget}");
        var throttled = await NewTenantAsync("Bench throttled", size.ThrottledPolicies);
        throttled.Graph.Faults.RequestBudgetPer20s = size.ThrottledBudget;
        await SyncAsync(throttled.Id);
        // Let the sync's requests leave Graph's window, so the capture starts as a fresh one would.
        await Task.Delay(TimeSpan.FromSeconds(21), ct);
        var (_, run) = await CaptureAsync(throttled.Id, "bench throttled");
        var traffic = GraphTraffic.From(state, [throttled.Graph.EntraTenantId], Time(run, "createdAt").AddMilliseconds(-50), Time(run, "finishedAt").AddSeconds(1));
        results.Throttled = new ThrottledResult(run["total"]!.GetValue<int>(), size.ThrottledBudget, Wall(run), traffic,
            run["succeeded"]!.GetValue<int>(), run["failed"]!.GetValue<int>(), run["status"]!.GetValue<string>());
        Log($"   {results.Throttled.Policies} policies in {Wall(run):F1} s, status {run["status"]}, failed {run["failed"]}, {traffic.Throttled} 429s, {results.Throttled.FractionOfRealBudget:F2} of the real budget, busiest window {traffic.MaxAdmittedIn20s}/{size.ThrottledBudget}");
    }

    if (Environment.GetEnvironmentVariable("BENCH_ONLY") == "throttled")
    {
        await ThrottledCaptureAsync();
        throw new OperationCanceledException("BENCH_ONLY=throttled: stopped after measurement 6.");
    }

    // ---- 1. Capture throughput of the big tenant, Worker memory, sequential baseline ----
    Log($"1. capture: seeding {size.BigPolicies} policies");
    var big = await NewTenantAsync("Bench big", size.BigPolicies);
    var workerBefore = worker.Memory();
    JsonObject syncRun, captureRun;
    double workerPeak;
    var syncFrom = DateTimeOffset.UtcNow;
    await using (var sampler = new MemorySampler(worker))
    {
        syncRun = await SyncAsync(big.Id);
        Log($"   sync {Wall(syncRun):F1} s, {syncRun["succeeded"]} succeeded");
        (_, captureRun) = await CaptureAsync(big.Id, "bench capture");
        workerPeak = sampler.Peak;
    }

    var syncTraffic = GraphTraffic.From(state, [big.Graph.EntraTenantId], syncFrom, Time(syncRun, "finishedAt").AddSeconds(1));
    var capFrom = Time(captureRun, "createdAt");
    var capTo = Time(captureRun, "finishedAt");
    var capTraffic = GraphTraffic.From(state, [big.Graph.EntraTenantId], capFrom.AddMilliseconds(-50), capTo.AddSeconds(1));
    var capWall = (capTo - capFrom).TotalSeconds;
    var capPolicies = captureRun["total"]!.GetValue<int>();
    results.Capture = new CaptureResult(capPolicies, capWall, Wall(syncRun), capTraffic, syncTraffic,
        captureRun["succeeded"]!.GetValue<int>(), captureRun["failed"]!.GetValue<int>(), captureRun["status"]!.GetValue<string>());
    results.WorkerMemory = new MemoryResult(workerBefore.RssMb, workerPeak, worker.Memory().HwmMb);
    Log($"   capture {capPolicies} policies in {capWall:F1} s = {capPolicies / capWall:F1} policies/s, {capTraffic.BudgetRequests} requests, {capTraffic.Throttled} 429s, failed {captureRun["failed"]}; worker peak RSS {workerPeak:F0} MB");
    Log($"   capture: {(double)capTraffic.BudgetRequests / capPolicies:F3} requests per policy ({capTraffic.BudgetRequests} counted / {capPolicies}); "
        + $"{capTraffic.BudgetRequests / capWall:F1} req/s = {capTraffic.BudgetRequests / capWall / (RequestBudget / 20.0):F2} of the {RequestBudget}/20 s budget; "
        + $"sync {syncTraffic.BudgetRequests} requests in {Wall(syncRun):F1} s");
    var phase1End = DateTimeOffset.UtcNow;
    // Evidence for the report: the capture's Graph requests (completion time, method, status, path without ids).
    await File.WriteAllLinesAsync(Path.Combine(outDir, $"capture-requests-{size.Name}.csv"),
        state.RequestLog.Where(e => e.TenantId == big.Graph.EntraTenantId && e.Time >= capFrom && e.Time <= capTo.AddSeconds(1))
            .Select(e => $"{(e.Time - capFrom).TotalMilliseconds:F0},{e.Method},{e.Status},{e.IsBatchInner}"), ct);
    if (Environment.GetEnvironmentVariable("BENCH_ONLY") == "capture")
    {
        throw new OperationCanceledException("BENCH_ONLY=capture: stopped after measurement 1.");
    }

    Log($"   sequential baseline over a twin tenant: list all, then GET + GET assignments for {size.BaselinePolicies} policies");
    var twin = state.GetOrAddTenant(Guid.NewGuid());
    twin.Faults.Latency = latency;
    twin.Faults.RequestBudgetPer20s = RequestBudget;
    twin.Faults.WriteBudgetPer20s = WriteBudget;
    DemoTenantSeeder.SeedLarge(twin, size.BigPolicies);
    results.Baseline = await SequentialBaseline.RunAsync(emulator.BaseAddress, twin.EntraTenantId, size.BaselinePolicies, ct);
    Log($"   baseline listed {results.Baseline.Listed} in {results.Baseline.ListTime.TotalSeconds:F1} s, read {results.Baseline.PoliciesRead} in {results.Baseline.ReadTime.TotalSeconds:F1} s, failures {results.Baseline.Failures}");

    // ---- 2. Many tenants at once ----
    Log($"2. many tenants: {size.ManyTenants} x {size.ManyPolicies}");
    var many = new List<(Guid Id, EmulatorTenant Graph)>();
    for (var i = 0; i < size.ManyTenants; i++)
    {
        many.Add(await NewTenantAsync($"Bench many {i:D2}", size.ManyPolicies));
    }

    await Task.WhenAll(many.Select(t => SyncAsync(t.Id)));
    var manyRuns = await Task.WhenAll(many.Select(t => CaptureAsync(t.Id, "bench many")));
    var manyFrom = manyRuns.Min(r => Time(r.Run, "createdAt"));
    var manyTo = manyRuns.Max(r => Time(r.Run, "finishedAt"));
    var manyTraffic = GraphTraffic.From(state, many.Select(t => t.Graph.EntraTenantId).ToList(), manyFrom.AddMilliseconds(-50), manyTo.AddSeconds(1));
    var manyWalls = manyRuns.Select(r => Wall(r.Run)).Order().ToList();
    results.Many = new ManyResult(size.ManyTenants, size.ManyPolicies, (manyTo - manyFrom).TotalSeconds, manyTraffic,
        manyWalls, manyRuns.Sum(r => r.Run["failed"]!.GetValue<int>()));
    Log($"   {manyTraffic.BudgetRequests} requests in {(manyTo - manyFrom).TotalSeconds:F1} s; per-tenant wall min {manyWalls[0]:F1} median {manyWalls[manyWalls.Count / 2]:F1} max {manyWalls[^1]:F1} s");

    // Fairness: a small tenant alone, then while the big tenant is being captured again.
    Log($"   fairness: {size.SmallPolicies}-policy tenant alone, then during a {size.BigPolicies}-policy capture");
    var small = await NewTenantAsync("Bench small", size.SmallPolicies);
    await SyncAsync(small.Id);
    var alone = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        alone.Add(Wall((await CaptureAsync(small.Id, $"alone {i}")).Run));
    }

    // Let the big tenant's 20 s window empty so its capture runs at full budget again.
    var sincePhase1 = DateTimeOffset.UtcNow - phase1End;
    if (size.BigPolicies > RequestBudget / 2 && sincePhase1 < TimeSpan.FromSeconds(21))
    {
        await Task.Delay(TimeSpan.FromSeconds(21) - sincePhase1, ct);
    }

    var (_, bigRunId) = await client.StartBackupSetAsync(big.Id, "bench fairness big", ct);
    var during = new List<double>();
    var bigStillRunning = 0;
    for (var wait = 0; wait < 600; wait++)
    {
        var status = (await client.SendAsync(HttpMethod.Get, $"/api/v1/tenants/{big.Id}/runs/{bigRunId}?pageSize=1", null, ct))["run"]!["status"]!.GetValue<string>();
        if (status == "Running")
        {
            break;
        }

        await Task.Delay(100, ct);
    }

    await Task.Delay(TimeSpan.FromSeconds(size.Name == "full" ? 3 : 0.5), ct);
    for (var i = 0; i < 3; i++)
    {
        var run = (await CaptureAsync(small.Id, $"during {i}")).Run;
        during.Add(Wall(run));
        var bigStatus = (await client.SendAsync(HttpMethod.Get, $"/api/v1/tenants/{big.Id}/runs/{bigRunId}?pageSize=1", null, ct))["run"]!["status"]!.GetValue<string>();
        bigStillRunning += bigStatus == "Running" ? 1 : 0;
    }

    var bigAgain = await client.WaitForRunAsync(big.Id, bigRunId, runTimeout, ct);
    results.Fairness = new FairnessResult(alone.Order().ToList(), during.Order().ToList(), bigStillRunning, Wall(bigAgain));
    Log($"   alone median {results.Fairness.AloneMedian:F2} s, during median {results.Fairness.DuringMedian:F2} s (big still running after {bigStillRunning}/3); big again {Wall(bigAgain):F1} s");

    // ---- 3. Restore writes ----
    Log($"3. restore: {size.RestorePolicies} changed policies");
    var restore = await NewTenantAsync("Bench restore", size.RestorePolicies);
    await SyncAsync(restore.Id);
    var (restoreSet, restoreCapture) = await CaptureAsync(restore.Id, "bench restore source");
    if (restoreCapture["status"]!.GetValue<string>() != "Succeeded")
    {
        throw new InvalidOperationException($"Restore source capture ended {restoreCapture["status"]}.");
    }

    var countBefore = CountObjects(restore.Graph);
    var changed = ChangeAll(restore.Graph);
    var restoreFrom = DateTimeOffset.UtcNow;
    var restoreRunId = await client.StartRestoreAsync(restore.Id, restoreSet, ct);
    var restoreRun = await client.WaitForRunAsync(restore.Id, restoreRunId, runTimeout, ct);
    var restoreTraffic = GraphTraffic.From(state, [restore.Graph.EntraTenantId], restoreFrom, Time(restoreRun, "finishedAt").AddSeconds(1));
    var writeTimes = state.RequestLog.Where(e => e.TenantId == restore.Graph.EntraTenantId && e.Time >= restoreFrom && e.Method != "GET" && e.Status != 429)
        .Select(e => e.Time).Order().ToList();
    var countAfter = CountObjects(restore.Graph);
    results.Restore = new RestoreResult(changed, Wall(restoreRun), RunSeconds(restoreRun), restoreTraffic, countBefore, countAfter,
        DuplicateNames(restore.Graph), StillChanged(restore.Graph),
        restoreRun["succeeded"]!.GetValue<int>(), restoreRun["failed"]!.GetValue<int>(), restoreRun["status"]!.GetValue<string>(),
        writeTimes.Count > 1 ? (writeTimes[^1] - writeTimes[0]).TotalSeconds : 0);
    Log($"   {restoreTraffic.Writes} writes in {RunSeconds(restoreRun):F1} s, {restoreTraffic.Throttled} 429s, objects {countBefore} -> {countAfter}, status {restoreRun["status"]}");

    await ThrottledCaptureAsync();

    // ---- 4. API under load (last: the snapshot runs it queues are not drained) ----
    Log($"4. API load: {size.LoadClients} clients for {size.LoadSeconds} s");
    var load = await NewTenantAsync("Bench load", size.LoadPolicies);
    await SyncAsync(load.Id);
    var policyIds = (await client.GetAllPagesAsync($"/api/v1/tenants/{load.Id}/policies", ct)).Select(p => p["id"]!.GetValue<Guid>()).ToArray();
    var apiBefore = api.Memory();
    LoadResult starts;
    double apiPeakStarts;
    await using (var sampler = new MemorySampler(api))
    {
        starts = await LoadAsync(client.Http, size.LoadClients, TimeSpan.FromSeconds(size.LoadSeconds), policyIds,
            id => $"/api/v1/tenants/{load.Id}/policies/{id}/snapshots", HttpMethod.Post, ct);
        apiPeakStarts = sampler.Peak;
    }

    using var anonymous = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = client.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    LoadResult health;
    double apiPeakHealth;
    await using (var sampler = new MemorySampler(api))
    {
        health = await LoadAsync(anonymous, size.LoadClients, TimeSpan.FromSeconds(size.LoadSeconds), [Guid.Empty], _ => "/health/live", HttpMethod.Get, ct);
        apiPeakHealth = sampler.Peak;
    }

    var runs = await client.GetAllPagesAsync($"/api/v1/tenants/{load.Id}/runs?operation=policy.capture_snapshot", ct);
    results.Load = new LoadVerdict(starts, health, Verify(starts, runs));
    results.ApiMemory = new MemoryResult(apiBefore.RssMb, Math.Max(apiPeakStarts, apiPeakHealth), api.Memory().HwmMb);
    Log($"   starts {starts.PerSecond:F0}/s p50 {starts.P(50):F1} p95 {starts.P(95):F1} p99 {starts.P(99):F1} ms; health {health.PerSecond:F0}/s; {results.Load.Verification}");
}
catch (Exception ex)
{
    results.Error = ex.GetType().Name + ": " + ex.Message;
    Log("FAILED: " + results.Error);
}
finally
{
    if (worker is not null)
    {
        await worker.DisposeAsync();
    }

    if (api is not null)
    {
        await api.DisposeAsync();
    }

    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        try
        {
            File.Delete(dbPath + suffix);
        }
        catch (IOException)
        {
        }
    }
}

if (engineOnly)
{
    return await WriteEngineReportAsync();
}

var markdown = results.ToMarkdown(await MachineAsync());
Console.WriteLine();
Console.WriteLine(markdown);
Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
await File.WriteAllTextAsync(reportPath, markdown, CancellationToken.None);
Log($"report written to {reportPath}");
return results.Error is null ? 0 : 1;

async Task<int> WriteEngineReportAsync()
{
    var md = EngineCost.ToMarkdown(engineResults ?? [], await MachineAsync(), results.Error);
    Console.WriteLine();
    Console.WriteLine(md);
    Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
    await File.WriteAllTextAsync(reportPath, md, CancellationToken.None);
    Log($"report written to {reportPath}");
    return results.Error is null ? 0 : 1;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitHealthyAsync(string url, ChildProcess process, CancellationToken ct)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
    while (DateTime.UtcNow < deadline)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{process.Name} exited during startup; see bench/out/{process.Name}.log");
        }

        try
        {
            using var response = await http.GetAsync(url, ct);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        await Task.Delay(250, ct);
    }

    throw new TimeoutException($"{process.Name} was not healthy at {url} within 90 s");
}

static DateTimeOffset Time(JsonObject run, string property) => run[property]!.GetValue<DateTimeOffset>();

// Wall time of a run as its user sees it: from the start request (createdAt) to finishedAt.
static double Wall(JsonObject run) => (Time(run, "finishedAt") - Time(run, "createdAt")).TotalSeconds;

static double RunSeconds(JsonObject run) => (Time(run, "finishedAt") - Time(run, "startedAt")).TotalSeconds;

static int CountObjects(EmulatorTenant tenant) => EmulatorCollections.All.Sum(tenant.Count);

static string NameProperty(string collection) => collection.EndsWith("configurationPolicies", StringComparison.Ordinal) ? "name" : "displayName";

// Drift made in the portal: every policy's name changes (lookup is by id first, so the target is found and updated).
static int ChangeAll(EmulatorTenant tenant)
{
    var changed = 0;
    foreach (var collection in EmulatorCollections.All)
    {
        foreach (var policy in tenant.List(collection))
        {
            var id = policy["id"]!.GetValue<string>();
            var property = NameProperty(collection);
            changed += tenant.Update(collection, id, body => body[property] = body[property]!.GetValue<string>() + " (changed)", touch: true) ? 1 : 0;
        }
    }

    return changed;
}

static int DuplicateNames(EmulatorTenant tenant) =>
    EmulatorCollections.All.Sum(c => tenant.List(c).GroupBy(p => p[NameProperty(c)]?.GetValue<string>()).Sum(g => g.Count() - 1));

static int StillChanged(EmulatorTenant tenant) =>
    EmulatorCollections.All.Sum(c => tenant.List(c).Count(p => p[NameProperty(c)]?.GetValue<string>()?.EndsWith(" (changed)", StringComparison.Ordinal) == true));

static async Task<LoadResult> LoadAsync(HttpClient http, int clients, TimeSpan duration, Guid[] targets, Func<Guid, string> path, HttpMethod method, CancellationToken ct)
{
    var samples = new ConcurrentBag<LoadSample>();
    var errors = 0;
    var clock = Stopwatch.StartNew();
    var stopAt = duration;
    var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        var random = new Random(c * 7919 + 17);
        while (clock.Elapsed < stopAt && !ct.IsCancellationRequested)
        {
            var target = targets[random.Next(targets.Length)];
            var startedAt = DateTimeOffset.UtcNow;
            var t0 = clock.Elapsed;
            try
            {
                using var request = new HttpRequestMessage(method, path(target));
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var ms = (clock.Elapsed - t0).TotalMilliseconds;
                Guid? runId = null;
                var reused = false;
                if (response.IsSuccessStatusCode && method == HttpMethod.Post)
                {
                    var json = JsonNode.Parse(body)!;
                    runId = json["id"]!.GetValue<Guid>();
                    reused = json["reused"]?.GetValue<bool>() ?? false;
                }

                samples.Add(new LoadSample(target, startedAt, DateTimeOffset.UtcNow, (int)response.StatusCode, ms, runId, reused));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }, ct)).ToArray();
    await Task.WhenAll(workers);
    var elapsed = clock.Elapsed.TotalSeconds;
    return new LoadResult(samples.ToList(), errors, elapsed);
}

// Exactly one active run per key: runs of one target never overlap in time, every answer names a run of its
// own target that was active during the request, and every run of the target was created by exactly one answer.
static string Verify(LoadResult starts, List<JsonObject> runs)
{
    var byId = runs.ToDictionary(r => r["id"]!.GetValue<Guid>());
    var violations = new List<string>();
    foreach (var group in runs.GroupBy(r => r["targetId"]!.GetValue<Guid>()))
    {
        var ordered = group.OrderBy(r => Time(r, "createdAt")).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var previousEnd = ordered[i - 1]["finishedAt"]?.GetValue<DateTimeOffset>();
            if (previousEnd is null || previousEnd > Time(ordered[i], "createdAt"))
            {
                violations.Add($"overlap on {group.Key}");
            }
        }

        if (group.Count(r => r["status"]!.GetValue<string>() is "Queued" or "Running") > 1)
        {
            violations.Add($"two active runs on {group.Key}");
        }
    }

    var ok = starts.Samples.Where(s => s.Status == 202).ToList();
    var slack = TimeSpan.FromMilliseconds(5);
    foreach (var s in ok)
    {
        if (s.RunId is not { } id || !byId.TryGetValue(id, out var run))
        {
            violations.Add("answer names an unknown run");
            continue;
        }

        if (run["targetId"]!.GetValue<Guid>() != s.Target)
        {
            violations.Add("answer names a run of another target");
        }

        var finished = run["finishedAt"]?.GetValue<DateTimeOffset>();
        if (Time(run, "createdAt") > s.End + slack || (finished is { } f && f < s.Start - slack))
        {
            var gap = finished is { } g && g < s.Start ? (s.Start - g).TotalMilliseconds : (Time(run, "createdAt") - s.End).TotalMilliseconds;
            violations.Add($"answer names a run that was not active during the request (by {gap:F0} ms)");
        }
    }

    var createdByAnswers = ok.Where(s => !s.Reused).Select(s => s.RunId).ToList();
    var distinctCreated = createdByAnswers.Distinct().Count();
    if (distinctCreated != createdByAnswers.Count)
    {
        violations.Add($"{createdByAnswers.Count - distinctCreated} runs reported as new twice");
    }

    if (distinctCreated != runs.Count)
    {
        violations.Add($"{runs.Count} runs in the database but {distinctCreated} answers reported a new run");
    }

    var keys = ok.Select(s => s.Target).Distinct().Count();
    var reused = ok.Count(s => s.Reused);
    var summary = $"{keys} keys, {runs.Count} runs created, {reused} of {ok.Count} answers reused the active run; ";
    return summary + (violations.Count == 0
        ? "0 violations"
        : $"{violations.Count} violations: " + string.Join("; ", violations.GroupBy(v => v).Select(g => $"{g.Key} x{g.Count()}").Take(5)));
}

static async Task<string> MachineAsync()
{
    var mem = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) ?? "";
    var memGb = long.TryParse(mem.Split(':').ElementAtOrDefault(1)?.Trim().Split(' ')[0], out var kb) ? kb / 1024.0 / 1024.0 : 0;
    var os = File.Exists("/etc/os-release")
        ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=')[1].Trim('"')
        : null;
    var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim();
    var sdk = Environment.GetEnvironmentVariable("BENCH_DOTNET_SDK") ?? "?";
    var commit = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "?";
    await Task.CompletedTask;
    var sb = new StringBuilder();
    sb.AppendLine(CultureInfo.InvariantCulture, $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
    sb.AppendLine(CultureInfo.InvariantCulture, $"- Commit: {commit}");
    sb.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores (`nproc`), {memGb:F1} GB RAM, {cpu}");
    sb.AppendLine(CultureInfo.InvariantCulture, $"- OS: {os} ({RuntimeInformation.OSDescription})");
    sb.AppendLine(CultureInfo.InvariantCulture, $"- .NET: SDK {sdk}, runtime {RuntimeInformation.FrameworkDescription}");
    return sb.ToString();
}

internal sealed record LoadSample(Guid Target, DateTimeOffset Start, DateTimeOffset End, int Status, double Ms, Guid? RunId, bool Reused);

internal static class EmulatorCollections
{
    public static readonly string[] All =
    [
        "deviceManagement/configurationPolicies", "deviceManagement/deviceCompliancePolicies",
        "deviceManagement/deviceConfigurations", "deviceAppManagement/managedAppPolicies",
    ];
}
