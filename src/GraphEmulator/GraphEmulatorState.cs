using System.Collections.Concurrent;

namespace TenantAtlas.GraphEmulator;

/// <summary>All emulated tenants and the request log; one instance per emulator host.</summary>
public sealed class GraphEmulatorState
{
    // Bounded so a long benchmark cannot grow the log without limit.
    private const int MaxLogEntries = 500_000;

    private readonly ConcurrentDictionary<Guid, EmulatorTenant> _tenants = new();
    private readonly ConcurrentQueue<EmulatorRequest> _log = new();
    private readonly int _randomSeed;

    public GraphEmulatorState()
        : this(TimeProvider.System)
    {
    }

    /// <param name="timeProvider">Clock for throttle windows and timestamps.</param>
    /// <param name="randomSeed">Seed for each tenant's 503 draws (mixed with the tenant id), so runs are reproducible.</param>
    public GraphEmulatorState(TimeProvider timeProvider, int randomSeed = 1234)
    {
        TimeProvider = timeProvider;
        _randomSeed = randomSeed;
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>Page size of lists when the client sends no $top (Graph pages Intune lists at 25 in places).</summary>
    public int DefaultPageSize { get; set; } = 25;

    /// <summary>Largest $top honoured; larger values are clamped (the client must follow nextLink anyway).</summary>
    public int MaxPageSize { get; set; } = 999;

    public IReadOnlyCollection<EmulatorTenant> Tenants => _tenants.Values.ToList();

    public EmulatorTenant GetOrAddTenant(Guid entraTenantId) =>
        _tenants.GetOrAdd(entraTenantId, id => new EmulatorTenant(id, this, _randomSeed ^ id.GetHashCode()));

    public EmulatorTenant? FindTenant(Guid entraTenantId) => _tenants.GetValueOrDefault(entraTenantId);

    /// <summary>Snapshot of the log in arrival order.</summary>
    public IReadOnlyList<EmulatorRequest> RequestLog => _log.ToArray();

    public void ClearRequestLog() => _log.Clear();

    /// <summary>Sum over the given tenants (all when null) of <see cref="EmulatorTenant.WindowsOverBudget"/>.</summary>
    public int WindowsOverBudget(IEnumerable<Guid>? tenants = null) =>
        (tenants is null ? _tenants.Values : tenants.Select(FindTenant).OfType<EmulatorTenant>()).Sum(t => t.WindowsOverBudget);

    internal void Log(EmulatorRequest entry)
    {
        _log.Enqueue(entry);
        if (_log.Count > MaxLogEntries)
        {
            _log.TryDequeue(out _);
        }
    }
}
