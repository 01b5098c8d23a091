using System.Globalization;
using System.Text;

namespace TenantAtlas.Benchmarks;

internal sealed record BenchSize(string Name, int BigPolicies, int BaselinePolicies, int ManyTenants, int ManyPolicies, int SmallPolicies,
    int RestorePolicies, int LoadClients, int LoadSeconds, int LoadPolicies, int ThrottledPolicies, int ThrottledBudget)
{
    public static BenchSize Parse(string name) => name switch
    {
        "small" => new("small", 60, 10, 3, 10, 5, 10, 100, 3, 20, 50, 20),
        "full" => new("full", 2000, 400, 20, 100, 20, 300, 100, 30, 200, 700, 200),
        _ => throw new ArgumentException($"Unknown size '{name}': small or full."),
    };
}

internal sealed record CaptureResult(int Policies, double WallSeconds, double SyncSeconds, GraphTraffic Traffic, GraphTraffic SyncTraffic, int Succeeded, int Failed, string Status)
{
    public double PoliciesPerSecond => Policies / WallSeconds;

    public double RequestsPerSecond => Traffic.BudgetRequests / WallSeconds;
}

internal sealed record MemoryResult(double BeforeMb, double PeakRssMb, double HwmMb);

internal sealed record ManyResult(int Tenants, int PoliciesEach, double WallSeconds, GraphTraffic Traffic, List<double> TenantWalls, int Failed)
{
    public double RequestsPerSecond => Traffic.BudgetRequests / WallSeconds;
}

internal sealed record FairnessResult(List<double> Alone, List<double> During, int BigStillRunning, double BigWall)
{
    public double AloneMedian => Alone[Alone.Count / 2];

    public double DuringMedian => During[During.Count / 2];
}

internal sealed record RestoreResult(int Changed, double WallSeconds, double RunSeconds, GraphTraffic Traffic, int ObjectsBefore, int ObjectsAfter,
    int DuplicateNames, int StillChanged, int Succeeded, int Failed, string Status, double FirstToLastWriteSeconds)
{
    public double WritesPerSecond => Traffic.Writes / RunSeconds;
}

/// <summary>A capture from a tenant whose real budget (the emulator's) is below the one the gateway is configured for.</summary>
internal sealed record ThrottledResult(int Policies, int RealBudget, double WallSeconds, GraphTraffic Traffic, int Succeeded, int Failed, string Status)
{
    /// <summary>Admitted requests over the wall time, as a fraction of the real budget's rate.</summary>
    public double FractionOfRealBudget => Traffic.Admitted / WallSeconds / (RealBudget / 20.0);
}

internal sealed record LoadResult(List<LoadSample> Samples, int Errors, double Seconds)
{
    private readonly List<double> _sorted = Samples.Where(s => s.Status is >= 200 and < 300).Select(s => s.Ms).Order().ToList();

    public int Ok => _sorted.Count;

    public int NonSuccess => Samples.Count - Ok;

    public double PerSecond => Ok / Seconds;

    public double P(double p) => Percentiles.Of(_sorted, p);
}

internal sealed record LoadVerdict(LoadResult Starts, LoadResult Health, string Verification);

internal sealed class Report(BenchSize size, IReadOnlyDictionary<string, string> tuning)
{
    private const double RequestRate = 1000 / 20.0;
    private const double WriteRate = 100 / 20.0;

    public CaptureResult? Capture { get; set; }

    public SequentialBaseline.Result? Baseline { get; set; }

    public MemoryResult? WorkerMemory { get; set; }

    public ManyResult? Many { get; set; }

    public FairnessResult? Fairness { get; set; }

    public RestoreResult? Restore { get; set; }

    public LoadVerdict? Load { get; set; }

    public ThrottledResult? Throttled { get; set; }

    public MemoryResult? ApiMemory { get; set; }

    public string? Error { get; set; }

    public string ToMarkdown(string machine)
    {
        var sb = new StringBuilder();
        void L(string line = "") => sb.AppendLine(line);
        string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);

        L($"# Benchmarks ({size.Name})");
        L();
        L("Produced by `bench/run.sh " + size.Name + "` (project `bench/TenantAtlas.Benchmarks`). Every figure below was measured in this run.");
        L();
        L("## Machine and settings");
        L();
        sb.Append(machine);
        L("- Processes: Graph emulator inside the benchmark driver (Kestrel on 127.0.0.1), Api and Worker as separate `dotnet` processes (Release), RabbitMQ on 127.0.0.1:5672, one fresh SQLite file shared by Api and Worker.");
        L("- Emulator faults on every tenant: latency 100 ms per HTTP request, budget 1000 requests and 100 writes per sliding 20 s window (429 with Retry-After beyond it).");
        L("- Application settings: defaults (Runs:ItemParallelism 8, Messaging:ConcurrentMessageLimit 16, Messaging:TenantPartitions 16, Graph:RateLimit 1000/100 per 20 s)"
          + (tuning.Count == 0 ? "; nothing tuned." : "; tuned: " + string.Join(", ", tuning.Select(t => $"`{t.Key.Replace("__", ":", StringComparison.Ordinal)}={t.Value}`")) + "."));
        L($"- Sizes: capture {size.BigPolicies} policies; baseline reads {size.BaselinePolicies} policies; {size.ManyTenants} tenants x {size.ManyPolicies}; fairness tenant {size.SmallPolicies}; restore {size.RestorePolicies}; load {size.LoadClients} clients x {size.LoadSeconds} s over {size.LoadPolicies} policies; throttled capture {size.ThrottledPolicies} policies from a tenant admitting {size.ThrottledBudget} requests / 20 s.");
        L();
        if (Error is not null)
        {
            L($"**The run failed:** {Error}");
            L();
        }

        L("## Results");
        L();
        L("| # | Measurement | Result | Target |");
        L("|---|---|---|---|");
        if (Capture is { } c)
        {
            L($"| 1 | Capture of {c.Policies} policies (backup set, all) | {F(c.WallSeconds)} s wall, **{F(c.PoliciesPerSecond)} policies/s**, status {c.Status}, {c.Failed} failed items | 0 failed |");
            L($"| 1 | Graph requests per captured policy | **{F(c.Traffic.BudgetRequests / (double)c.Policies, "F2")}** ({c.Traffic.BudgetRequests} counted requests, {c.Traffic.HttpRequests} HTTP requests) | <= 1.1 |");
            L($"| 1 | Request rate vs budget (50/s) | **{F(c.RequestsPerSecond / RequestRate, "F2")}** of budget ({F(c.RequestsPerSecond)} req/s over the wall time); busiest 20 s window {c.Traffic.MaxAdmittedIn20s}/1000 = {F(c.Traffic.MaxAdmittedIn20s / 1000.0, "F2")} | >= 0.9 |");
            L($"| 1 | 429s received during capture | **{c.Traffic.Throttled}** | 0 |");
            L($"| 1 | Inventory sync before it (not part of the capture figures) | {F(c.SyncSeconds)} s, {c.SyncTraffic.BudgetRequests} requests, {c.SyncTraffic.Throttled} 429s | |");
            if (Baseline is { } b)
            {
                var perPolicy = b.ReadTime.TotalSeconds / Math.Max(1, b.PoliciesRead);
                var baselinePps = b.PoliciesRead / b.ReadTime.TotalSeconds;
                var projected = b.ListTime.TotalSeconds + b.Listed * perPolicy;
                var ours = c.SyncSeconds + c.WallSeconds;
                L($"| 1 | Sequential baseline (list, then GET + GET assignments per policy, one request at a time) | listed {b.Listed} in {F(b.ListTime.TotalSeconds)} s; read {b.PoliciesRead} policies in {F(b.ReadTime.TotalSeconds)} s = **{F(baselinePps, "F2")} policies/s** ({b.Requests} requests, {b.Failures} failures) | |");
                L($"| 1 | Speed-up over the baseline | **{F(c.PoliciesPerSecond / baselinePps)}x** in policies/s (capture vs baseline reads); list+read of all {b.Listed} projected from the measured per-policy time: {F(projected)} s vs our sync+capture {F(ours)} s = {F(projected / ours)}x | >= 4x |");
            }
        }

        if (WorkerMemory is { } wm)
        {
            L($"| 5 | Worker memory during sync + capture of {Capture?.Policies} policies | peak RSS **{F(wm.PeakRssMb, "F0")} MB** (sampled every 100 ms; VmHWM {F(wm.HwmMb, "F0")} MB; {F(wm.BeforeMb, "F0")} MB before) | < 300 MB |");
        }

        if (Many is { } m && Capture is { } single)
        {
            var ideal = m.Tenants * single.RequestsPerSecond;
            L($"| 2 | {m.Tenants} tenants x {m.PoliciesEach} policies captured at once | {F(m.WallSeconds)} s wall, **{F(m.RequestsPerSecond)} req/s aggregate**, {m.Traffic.BudgetRequests} requests, {m.Traffic.Throttled} 429s, {m.Failed} failed items | |");
            L($"| 2 | Ratio to {m.Tenants} x single-tenant rate ({F(ideal)} req/s) | **{F(m.RequestsPerSecond / ideal, "F2")}** | |");
            L($"| 2 | Per-tenant wall (start request to finished) | min {F(m.TenantWalls[0])} s, median {F(m.TenantWalls[m.TenantWalls.Count / 2])} s, max {F(m.TenantWalls[^1])} s | |");
        }

        if (Fairness is { } fa)
        {
            L($"| 2 | Fairness: {size.SmallPolicies}-policy tenant alone vs during the {size.BigPolicies}-policy capture | alone {string.Join(" / ", fa.Alone.Select(x => F(x, "F2")))} s, during {string.Join(" / ", fa.During.Select(x => F(x, "F2")))} s; medians ratio **{F(fa.DuringMedian / fa.AloneMedian, "F2")}x** (big run still running after {fa.BigStillRunning}/3; big run took {F(fa.BigWall)} s) | <= 1.5x |");
        }

        if (Restore is { } r)
        {
            L($"| 3 | Live restore of {r.Changed} changed policies | {F(r.RunSeconds)} s running ({F(r.WallSeconds)} s from start request), status {r.Status}, {r.Succeeded} succeeded, {r.Failed} failed | |");
            L($"| 3 | Writes vs write budget (5/s) | {r.Traffic.Writes} writes, **{F(r.WritesPerSecond, "F2")} writes/s = {F(r.WritesPerSecond / WriteRate, "F2")} of budget** over the running time; busiest 20 s window {r.Traffic.MaxWritesIn20s}/100; first to last write {F(r.FirstToLastWriteSeconds)} s | >= 0.9 |");
            L($"| 3 | 429s / duplicates | **{r.Traffic.Throttled}** 429s ({r.Traffic.ThrottledWrites} on writes); objects {r.ObjectsBefore} before, {r.ObjectsAfter} after (**{r.ObjectsAfter - r.ObjectsBefore} duplicates**), {r.DuplicateNames} duplicate names, {r.StillChanged} still changed | 0 / 0 |");
        }

        if (Throttled is { } th)
        {
            L($"| 6 | Capture of {th.Policies} policies from a tenant that admits {th.RealBudget} requests / 20 s while the gateway is configured for 1000 | {F(th.WallSeconds)} s wall, status {th.Status}, {th.Succeeded} succeeded, **{th.Failed} failed items** | 0 failed |");
            L($"| 6 | 429s and achieved fraction of the real budget | **{th.Traffic.Throttled}** 429s ({th.Traffic.BudgetRequests} requests counted, {th.Traffic.Admitted} admitted); **{F(th.FractionOfRealBudget, "F2")}** of {th.RealBudget}/20 s over the wall time; busiest 20 s window {th.Traffic.MaxAdmittedIn20s}/{th.RealBudget} | 429s bounded |");
        }

        if (Load is { } ld)
        {
            L($"| 4 | POST /policies/{{id}}/snapshots, {size.LoadClients} clients, {size.LoadSeconds} s | **{F(ld.Starts.PerSecond, "F0")} starts/s**; p50 {F(ld.Starts.P(50))} ms, p95 {F(ld.Starts.P(95))} ms, p99 {F(ld.Starts.P(99))} ms; {ld.Starts.NonSuccess} non-2xx, {ld.Starts.Errors} transport errors | |");
            L($"| 4 | One run per key | {ld.Verification} | 0 violations |");
            L($"| 4 | GET /health/live, same clients and duration | **{F(ld.Health.PerSecond, "F0")} req/s**; p50 {F(ld.Health.P(50))} ms, p95 {F(ld.Health.P(95))} ms, p99 {F(ld.Health.P(99))} ms; {ld.Health.NonSuccess} non-2xx | |");
            L($"| 4 | Cost of a start vs a liveness probe | throughput ratio {F(ld.Health.PerSecond / Math.Max(1, ld.Starts.PerSecond))}x, p50 latency ratio {F(ld.Starts.P(50) / ld.Health.P(50))}x | |");
        }

        if (ApiMemory is { } am)
        {
            L($"| 5 | Api memory during the load test | peak RSS **{F(am.PeakRssMb, "F0")} MB** (VmHWM since start {F(am.HwmMb, "F0")} MB; {F(am.BeforeMb, "F0")} MB before) | |");
        }

        L();
        return sb.ToString();
    }
}
