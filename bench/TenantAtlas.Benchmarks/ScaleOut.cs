using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Benchmarks;

/// <summary>
/// Issue 16 item 3 (BENCH_ONLY=scaleout): worker scale-out on PostgreSQL. For 1 and then 3 Worker processes (each phase
/// with its own database, queue prefix and emulator): onboard 60 tenants of 100 policies (200 ms latency, Intune budget
/// enforced), sync them all, then start all 60 backup-set captures at once and read the emulator's log over the captures:
/// aggregate Graph requests/s, 429s, and the 20 s windows (tumbling, from the first capture) in which a tenant sent more
/// than its budget. Settings: Runs:ItemParallelism=2, so one worker is latency-bound.
/// </summary>
internal static class ScaleOut
{
    private const int RequestBudget = 1000;
    private const int WriteBudget = 100;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(
        int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALEOUT_LATENCY_MS") ?? "200", CultureInfo.InvariantCulture));
    private static readonly string ItemParallelism = Environment.GetEnvironmentVariable("BENCH_SCALEOUT_ITEM_PARALLELISM") ?? "2";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public sealed record Phase(int Workers, int Tenants, int Policies, double WallSeconds, int Requests, int Throttled, int WindowsOverBudget,
        int MaxAdmittedIn20s, int Succeeded, int NotSucceeded, string LoadAverage, RunTimes Times, CpuUse Cpu, int HttpRequests)
    {
        public double RequestsPerSecond => Requests / WallSeconds;
    }

    public static async Task<int> RunAsync(string repo, string outDir, string rabbit, string? pidFile, string signingKey,
        IReadOnlyDictionary<string, string> tuning, Action<string> log, CancellationToken ct)
    {
        var server = Environment.GetEnvironmentVariable("POSTGRES_CONNECTION")
            ?? throw new InvalidOperationException("POSTGRES_CONNECTION is not set (source scripts/ensure-postgres.sh && ensure_postgres).");
        var tenants = int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALEOUT_TENANTS") ?? "60", CultureInfo.InvariantCulture);
        var policies = int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALEOUT_POLICIES") ?? "100", CultureInfo.InvariantCulture);
        var workerCounts = (Environment.GetEnvironmentVariable("BENCH_SCALEOUT_WORKERS") ?? "1,3").Split(',')
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var warmup = (Environment.GetEnvironmentVariable("BENCH_SCALEOUT_WARMUP") ?? "1") != "0";
        var phases = new List<Phase>();
        string? error = null;
        try
        {
            foreach (var workers in workerCounts)
            {
                phases.Add(await PhaseAsync(workers, tenants, policies));
                var p = phases[^1];
                log($"scaleout {workers} worker(s): {p.WallSeconds:F1} s, {p.RequestsPerSecond:F1} req/s, {p.Throttled} 429s, "
                    + $"{p.WindowsOverBudget} windows over budget, busiest window {p.MaxAdmittedIn20s}/{RequestBudget}, succeeded {p.Succeeded}/{tenants}, load {p.LoadAverage}");
                log($"   runs: {p.Times}; HTTP requests {p.HttpRequests}");
                log($"   cpu: {p.Cpu}");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
            log(error);
        }

        var report = Environment.GetEnvironmentVariable("BENCH_REPORT") ?? Path.Combine(outDir, "scaleout.md");
        await File.WriteAllTextAsync(report, ToMarkdown(phases, tuning, error), ct);
        log($"report: {report}");
        return error is null ? 0 : 1;

        async Task<Phase> PhaseAsync(int workers, int tenantCount, int policyCount)
        {
            await using var emulator = await GraphEmulatorServer.StartAsync("http://127.0.0.1:0");
            var state = emulator.State;
            var database = $"bench_scaleout_{workers}_{Guid.NewGuid():N}"[..40];
            var queuePrefix = $"bsc-{Guid.NewGuid():N}"[..16];
            Dictionary<string, string> Env(bool migrate)
            {
                var env = new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["Database__Provider"] = "Postgres",
                    ["Database__ConnectionString"] = $"{server.TrimEnd(';')};Database={database}",
                    ["Database__MigrateOnStartup"] = migrate ? "true" : "false",
                    ["Messaging__Transport"] = "RabbitMq",
                    ["Messaging__RabbitMq__Uri"] = rabbit,
                    ["Messaging__RabbitMq__QueuePrefix"] = queuePrefix,
                    ["Messaging__RabbitMq__TemporaryQueues"] = "true",
                    ["Worker__InProcess"] = "false",
                    ["Demo__Enabled"] = "false",
                    ["Graph__Auth"] = "Emulator",
                    ["Graph__BaseUrl"] = emulator.BaseAddress.ToString().TrimEnd('/'),
                    ["Auth__Development__SigningKey"] = signingKey,
                    ["Runs__ItemParallelism"] = ItemParallelism,
                };
                foreach (var (k, v) in tuning)
                {
                    env[k] = v;
                }

                return env;
            }

            var processes = new List<ChildProcess>();
            try
            {
                var apiPort = FreePort();
                var api = ChildProcess.Start("api", Path.Combine(repo, "src/Api/bin/Release/net10.0/TenantAtlas.Api.dll"), $"http://127.0.0.1:{apiPort}",
                    Env(migrate: true), Path.Combine(outDir, $"scaleout-{workers}-api.log"), pidFile);
                processes.Add(api);
                await WaitHealthyAsync($"http://127.0.0.1:{apiPort}/health/ready", api);
                for (var w = 0; w < workers; w++)
                {
                    var port = FreePort();
                    var worker = ChildProcess.Start($"worker{w}", Path.Combine(repo, "src/Worker/bin/Release/net10.0/TenantAtlas.Worker.dll"),
                        $"http://127.0.0.1:{port}", Env(migrate: false), Path.Combine(outDir, $"scaleout-{workers}-worker{w}.log"), pidFile);
                    processes.Add(worker);
                    await WaitHealthyAsync($"http://127.0.0.1:{port}/health/ready", worker);
                }

                using var client = new ApiClient(new Uri($"http://127.0.0.1:{apiPort}"), signingKey, maxConnections: 256);
                var ids = new List<(Guid Id, Guid Entra)>();
                for (var i = 0; i < tenantCount; i++)
                {
                    var entra = Guid.NewGuid();
                    var graph = state.GetOrAddTenant(entra);
                    graph.Faults.Latency = Latency;
                    graph.Faults.RequestBudgetPer20s = RequestBudget;
                    graph.Faults.WriteBudgetPer20s = WriteBudget;
                    DemoTenantSeeder.SeedLarge(graph, policyCount);
                    ids.Add((await client.CreateTenantAsync($"Scale-out {i}", entra, ct), entra));
                }

                log($"scaleout {workers} worker(s): syncing {tenantCount} tenants");
                var timeout = TimeSpan.FromMinutes(10);
                var syncs = await Task.WhenAll(ids.Select(async t => await client.WaitForRunAsync(t.Id, await client.StartSyncAsync(t.Id, ct), timeout, ct, Poll)));
                if (syncs.Any(s => s["status"]!.GetValue<string>() != "Succeeded"))
                {
                    throw new InvalidOperationException("An inventory sync did not succeed.");
                }

                // Each Worker process compiles the capture path on its first captures: a warm-up round of all tenants (not
                // measured) so that JIT in N processes is not part of the N-worker figure. Then the syncs' and the warm-up's
                // requests leave Graph's window so every measured capture starts with a fresh budget.
                if (warmup)
                {
                    log($"scaleout {workers} worker(s): warm-up capture of {tenantCount} x {policyCount} (not measured)");
                    var warm = await Task.WhenAll(ids.Select(t => client.StartBackupSetAsync(t.Id, "scaleout warm-up", ct)));
                    await Task.WhenAll(ids.Select((t, i) => client.WaitForRunAsync(t.Id, warm[i].RunId, timeout, ct, Poll)));
                }

                await Task.Delay(TimeSpan.FromSeconds(21), ct);
                var entras = ids.Select(t => t.Entra).ToHashSet();
                var overBefore = state.WindowsOverBudget(entras);
                log($"scaleout {workers} worker(s): capturing {tenantCount} x {policyCount}");
                var workerPids = processes.Skip(1).Select(p => p.Pid).ToList();
                var cpuBefore = CpuSample.Take(api.Pid, workerPids, database);
                var started = await Task.WhenAll(ids.Select(t => client.StartBackupSetAsync(t.Id, "scaleout", ct)));
                // Polled once a second (60 runs): at 200 ms the driver's polling cost the Api more CPU than the Workers spent capturing.
                var runs = await Task.WhenAll(ids.Select((t, i) => client.WaitForRunAsync(t.Id, started[i].RunId, timeout, ct, Poll)));
                var cpuAfter = CpuSample.Take(api.Pid, workerPids, database);
                var from = runs.Min(r => r["createdAt"]!.GetValue<DateTimeOffset>());
                var to = runs.Max(r => r["finishedAt"]!.GetValue<DateTimeOffset>());
                var traffic = GraphTraffic.From(state, entras, from.AddMilliseconds(-50), to.AddSeconds(1));
                // The emulator's own count (GraphEmulatorState.WindowsOverBudget): 20 s windows in which a tenant sent more than its budget.
                var windowsOver = state.WindowsOverBudget(entras) - overBefore;
                var succeeded = runs.Count(r => r["status"]!.GetValue<string>() == "Succeeded");
                return new Phase(workers, tenantCount, policyCount, (to - from).TotalSeconds, traffic.BudgetRequests, traffic.Throttled, windowsOver,
                    traffic.MaxAdmittedIn20s, succeeded, runs.Length - succeeded, LoadAverage(), RunTimes.From(runs),
                    CpuUse.Between(cpuBefore, cpuAfter, (to - from).TotalSeconds), traffic.HttpRequests);
            }
            finally
            {
                foreach (var p in processes)
                {
                    await p.DisposeAsync();
                }
            }
        }

        async Task WaitHealthyAsync(string url, ChildProcess process)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{process.Name} exited during start-up (see its log in bench/out).");
                }

                try
                {
                    if ((await http.GetAsync(url, ct)).StatusCode == HttpStatusCode.OK)
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

                await Task.Delay(200, ct);
            }

            throw new TimeoutException($"{process.Name} was not ready at {url} within 90 s.");
        }
    }

    /// <summary>Per-run times from the API: queue wait (createdAt to startedAt), running (startedAt to finishedAt), peak of runs Running at once.</summary>
    public sealed record RunTimes(double WaitMedian, double WaitMax, double RunMedian, double RunMax, int PeakRunning)
    {
        public static RunTimes From(IReadOnlyList<System.Text.Json.Nodes.JsonObject> runs)
        {
            var spans = runs.Select(r => (Created: r["createdAt"]!.GetValue<DateTimeOffset>(), Started: r["startedAt"]!.GetValue<DateTimeOffset>(),
                Finished: r["finishedAt"]!.GetValue<DateTimeOffset>())).ToList();
            var waits = spans.Select(s => (s.Started - s.Created).TotalSeconds).Order().ToList();
            var running = spans.Select(s => (s.Finished - s.Started).TotalSeconds).Order().ToList();
            var edges = spans.SelectMany(s => new[] { (s.Started, 1), (s.Finished, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2);
            int current = 0, peak = 0;
            foreach (var (_, delta) in edges)
            {
                current += delta;
                peak = Math.Max(peak, current);
            }

            return new RunTimes(Percentiles.Of(waits, 50), waits[^1], Percentiles.Of(running, 50), running[^1], peak);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"queue wait median {WaitMedian:F1} s max {WaitMax:F1} s; running median {RunMedian:F1} s max {RunMax:F1} s; peak {PeakRunning} Running at once");
    }

    /// <summary>CPU seconds (utime+stime) used over the captures by the Api, the Workers, this driver (the emulator lives here), PostgreSQL's processes, and the whole machine (/proc/stat).</summary>
    public sealed record CpuUse(double Api, double Workers, double Driver, double Postgres, double MachineBusy, double MachineTotal, double WallSeconds)
    {
        public static CpuUse Between(CpuSample a, CpuSample b, double wall) =>
            new(b.Api - a.Api, b.Workers - a.Workers, b.Driver - a.Driver, b.Postgres - a.Postgres, b.MachineBusy - a.MachineBusy, b.MachineTotal - a.MachineTotal, wall);

        public double Others => Math.Max(0, MachineBusy - Api - Workers - Driver - Postgres);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"Workers {Workers:F1} s, Api {Api:F1} s, driver+emulator {Driver:F1} s, PostgreSQL {Postgres:F1} s, other processes {Others:F1} s; machine busy {MachineBusy:F1} of {MachineTotal:F1} core-s ({100 * MachineBusy / Math.Max(1e-9, MachineTotal):F0}%)");
    }

    public sealed record CpuSample(double Api, double Workers, double Driver, double Postgres, double MachineBusy, double MachineTotal)
    {
        /// <summary>
        /// PostgreSQL: the cluster on the port of POSTGRES_CONNECTION, i.e. its postmaster (found by the port on its command
        /// line) with the CPU of its reaped children (cutime+cstime), plus every live child (backends, writers).
        /// </summary>
        public static CpuSample Take(int api, IReadOnlyList<int> workers, string database)
        {
            _ = database;
            var port = System.Text.RegularExpressions.Regex.Match(Environment.GetEnvironmentVariable("POSTGRES_CONNECTION") ?? "", @"Port=(\d+)").Groups[1].Value;
            var port2 = port.Length == 0 ? "5432" : port;
            var stats = new List<(int Pid, int Parent, string Comm, string Cmd, string[] Fields)>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    try
                    {
                        if (File.ReadAllText($"{dir}/comm").Trim() != "postgres")
                        {
                            continue;
                        }

                        var stat = File.ReadAllText($"{dir}/stat");
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        stats.Add((pid, int.Parse(fields[1], CultureInfo.InvariantCulture), "postgres", File.ReadAllText($"{dir}/cmdline"), fields));
                    }
                    catch (IOException)
                    {
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }
            }

            double Ticks(string[] f, params int[] at) => at.Sum(i => double.Parse(f[i], CultureInfo.InvariantCulture)) / 100;
            var postgres = 0.0;
            foreach (var master in stats.Where(p => p.Cmd.Contains($"port={port2}\0", StringComparison.Ordinal) || p.Cmd.EndsWith($"port={port2}", StringComparison.Ordinal)))
            {
                // Fields after the command name: 11 utime, 12 stime, 13 cutime, 14 cstime (0-based from state).
                postgres += Ticks(master.Fields, 11, 12, 13, 14);
                postgres += stats.Where(c => c.Parent == master.Pid).Sum(c => Ticks(c.Fields, 11, 12));
            }

            // First line of /proc/stat: cpu user nice system idle iowait irq softirq steal ... (ticks).
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture) / 100).ToArray();
            var idle = cpu[3] + cpu[4];
            return new CpuSample(EngineCost.CpuMs(api) / 1000, workers.Sum(w => EngineCost.CpuMs(w)) / 1000, EngineCost.CpuMs(Environment.ProcessId) / 1000,
                postgres, cpu.Sum() - idle, cpu.Sum());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static string ToMarkdown(List<Phase> phases, IReadOnlyDictionary<string, string> tuning, string? error)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Worker scale-out on PostgreSQL (issue 16 item 3, `BENCH_ONLY=scaleout`)");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {RuntimeEnvironment()}");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"- Settings: PostgreSQL, RabbitMQ, emulator latency {Latency.TotalMilliseconds:F0} ms, budget {RequestBudget} requests / {WriteBudget} writes per 20 s enforced, Runs:ItemParallelism={ItemParallelism}{string.Concat(tuning.Select(t => $", {t.Key}={t.Value}"))}");
        sb.AppendLine("- Per phase: own database, queue and emulator; all tenants synced, one warm-up capture of every tenant (unless BENCH_SCALEOUT_WARMUP=0), "
            + "21 s pause, then all captures started at once, each run polled once a second. Figures cover the measured captures only "
            + "(first `createdAt` to last `finishedAt`); requests are what Graph counts against the budget; windows over budget are the emulator's count.");
        sb.AppendLine();
        sb.AppendLine("| workers | tenants x policies | wall s | Graph req/s | 429s | 20 s windows over budget | busiest tenant window | runs succeeded | load avg |");
        sb.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var p in phases)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Workers} | {p.Tenants} x {p.Policies} | {p.WallSeconds:F1} | {p.RequestsPerSecond:F1} | {p.Throttled} | {p.WindowsOverBudget} | {p.MaxAdmittedIn20s}/{RequestBudget} | {p.Succeeded}/{p.Tenants} | {p.LoadAverage} |");
        }

        var one = phases.FirstOrDefault(p => p.Workers == 1);
        var three = phases.FirstOrDefault(p => p.Workers == 3);
        if (one is not null && three is not null)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Ratio 3 workers vs 1: {three.RequestsPerSecond / one.RequestsPerSecond:F2}x aggregate req/s.");
        }

        sb.AppendLine();
        foreach (var p in phases)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {p.Workers} worker(s), runs: {p.Times}; {p.HttpRequests} HTTP requests to the emulator.");
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {p.Workers} worker(s), CPU over the captures: {p.Cpu}.");
        }

        if (error is not null)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Stopped: {error}");
        }

        return sb.ToString();
    }

    private static string RuntimeEnvironment() => System.Runtime.InteropServices.RuntimeInformation.OSDescription;
}
