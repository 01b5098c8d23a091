using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Benchmarks;

/// <summary>
/// Issue 13's measurement (BENCH_ONLY=engine): the run engine's own cost per item, with Graph out of the way
/// (emulator budget off, 20 ms latency, our limiter configured far above what the run can use). For each size it
/// onboards a fresh tenant, syncs the inventory, then captures a backup set of all policies and reads, around the
/// capture only, the Worker's CPU time (/proc/&lt;pid&gt;/stat utime+stime) and its <c>tenantatlas_db_commands_total</c>
/// (Prometheus at /metrics). A small capture first warms the JIT so the first measured size does not pay for it.
/// </summary>
internal static class EngineCost
{
    /// <summary>Settings both processes get in this mode: our limiter must not pace the run, the Worker must serve /metrics.</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Graph__RateLimit__RequestsPer20Seconds"] = "1000000",
        ["Graph__RateLimit__WritesPer20Seconds"] = "1000000",
        ["Metrics__Prometheus"] = "true",
    };

    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    private const int WarmUpPolicies = 300;

    public sealed record Result(int Policies, int Repeat, double WallSeconds, double CpuMs, double Commands, int Succeeded, int Failed, string Status, string LoadAverage)
    {
        public double ItemsPerSecond => Policies / WallSeconds;

        public double CpuMsPerItem => CpuMs / Policies;

        public double CommandsPerItem => Commands / Policies;
    }

    /// <summary>Sizes from BENCH_ENGINE_SIZES (default 2000,20000), each BENCH_ENGINE_REPEATS times (default 2), interleaved.</summary>
    public static async Task RunAsync(GraphEmulatorState state, ApiClient client, ChildProcess worker, Uri workerBase,
        List<Result> results, Action<string> log, CancellationToken ct)
    {
        var sizes = (Environment.GetEnvironmentVariable("BENCH_ENGINE_SIZES") ?? "2000,20000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var repeats = int.Parse(Environment.GetEnvironmentVariable("BENCH_ENGINE_REPEATS") ?? "2", CultureInfo.InvariantCulture);
        using var metrics = new HttpClient { BaseAddress = workerBase, Timeout = TimeSpan.FromSeconds(30) };

        log($"engine cost: warm-up capture of {WarmUpPolicies} policies");
        await MeasureAsync(WarmUpPolicies, 0);
        for (var repeat = 1; repeat <= repeats; repeat++)
        {
            foreach (var policies in sizes)
            {
                var r = await MeasureAsync(policies, repeat);
                results.Add(r);
                log($"   {policies} policies (#{repeat}): {r.WallSeconds:F1} s, {r.ItemsPerSecond:F1} items/s, {r.CpuMsPerItem:F2} CPU ms/item, "
                    + $"{r.CommandsPerItem:F2} statements/item, status {r.Status}, failed {r.Failed}, load {r.LoadAverage}");
            }
        }

        return;

        async Task<Result> MeasureAsync(int policies, int repeat)
        {
            var entra = Guid.NewGuid();
            var graph = state.GetOrAddTenant(entra);
            graph.Faults.Latency = Latency;
            graph.Faults.RequestBudgetPer20s = null;
            graph.Faults.WriteBudgetPer20s = null;
            DemoTenantSeeder.SeedLarge(graph, policies);
            var tenant = await client.CreateTenantAsync($"Bench engine {policies} #{repeat}", entra, ct);
            var runTimeout = TimeSpan.FromMinutes(30);
            var sync = await client.WaitForRunAsync(tenant, await client.StartSyncAsync(tenant, ct), runTimeout, ct);
            if (sync["status"]!.GetValue<string>() != "Succeeded")
            {
                throw new InvalidOperationException($"Inventory sync of {policies} policies ended {sync["status"]}.");
            }

            // Let the sync's trailing writes and the Worker settle, so the window holds the capture only.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var commandsBefore = await CommandsAsync(metrics, ct);
            var cpuBefore = CpuMs(worker.Pid);
            var (_, runId) = await client.StartBackupSetAsync(tenant, $"engine {policies}", ct);
            var run = await client.WaitForRunAsync(tenant, runId, runTimeout, ct);
            var cpuAfter = CpuMs(worker.Pid);
            // The Prometheus exporter caches a scrape briefly; wait it out so the last flush is in the figure.
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
            var commandsAfter = await CommandsAsync(metrics, ct);
            var wall = (run["finishedAt"]!.GetValue<DateTimeOffset>() - run["createdAt"]!.GetValue<DateTimeOffset>()).TotalSeconds;
            return new Result(run["total"]!.GetValue<int>(), repeat, wall, cpuAfter - cpuBefore, commandsAfter - commandsBefore,
                run["succeeded"]!.GetValue<int>(), run["failed"]!.GetValue<int>(), run["status"]!.GetValue<string>(), LoadAverage());
        }
    }

    /// <summary>utime + stime of the process in ms (fields 14 and 15 of /proc/pid/stat, in clock ticks of 1/100 s on Linux).</summary>
    public static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces; count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / ClockTicksPerSecond;
    }

    // sysconf(_SC_CLK_TCK) is 100 on every Linux the bench runs on (USER_HZ); BENCH_CLK_TCK overrides it.
    private static readonly double ClockTicksPerSecond =
        double.Parse(Environment.GetEnvironmentVariable("BENCH_CLK_TCK") ?? "100", CultureInfo.InvariantCulture);

    /// <summary>Sum of every tenantatlas_db_commands_total series on the Worker's scrape endpoint.</summary>
    private static async Task<double> CommandsAsync(HttpClient metrics, CancellationToken ct)
    {
        var text = await metrics.GetStringAsync("/metrics", ct);
        var total = 0.0;
        var found = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("tenantatlas_db_commands_total", StringComparison.Ordinal))
            {
                // "name{labels} value [timestamp]" or "name value [timestamp]".
                var rest = line.Contains('}', StringComparison.Ordinal) ? line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..] : line["tenantatlas_db_commands_total".Length..];
                total += double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                found = true;
            }
        }

        return found ? total : throw new InvalidOperationException("The Worker's /metrics has no tenantatlas_db_commands_total (Metrics:Prometheus off, or no DbCommandCounter?).");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static string ToMarkdown(List<Result> results, string machine, string? error)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Run engine cost per item (issue 13)");
        sb.AppendLine();
        sb.Append(machine);
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Settings: emulator latency {Latency.TotalMilliseconds:F0} ms, emulator budget off, Graph:RateLimit 1000000 / 20 s, SQLite (WAL), RabbitMQ, Worker /metrics");
        sb.AppendLine();
        sb.AppendLine("| policies | # | wall s | items/s | Worker CPU ms/item | statements/item | status | failed | load avg |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---|---:|---|");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Policies} | {r.Repeat} | {r.WallSeconds:F1} | {r.ItemsPerSecond:F1} | {r.CpuMsPerItem:F2} | {r.CommandsPerItem:F2} | {r.Status} | {r.Failed} | {r.LoadAverage} |");
        }

        var bySize = results.GroupBy(r => r.Policies).OrderBy(g => g.Key).Select(g => (Size: g.Key, Best: g.Min(r => r.CpuMsPerItem))).ToList();
        if (bySize.Count >= 2)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"Best CPU ms/item: {string.Join(", ", bySize.Select(s => $"{s.Size}: {s.Best:F2}"))}; ratio {bySize[^1].Size}/{bySize[0].Size}: {bySize[^1].Best / bySize[0].Best:F2}");
        }

        if (error is not null)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Stopped: {error}");
        }

        return sb.ToString();
    }
}
