namespace TenantAtlas.GraphEmulator;

/// <summary>
/// Fault injection for one tenant. Properties may be changed while requests run; each request
/// reads the values current when it arrives.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly object _randomGate = new();
    private readonly object _scriptGate = new();
    private Random _random;
    private ScriptedFailure[] _scripts = [];

    internal EmulatorFaults(int randomSeed)
    {
        _random = new Random(randomSeed);
    }

    /// <summary>Delay added to every HTTP request (once per $batch, not per inner request).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Length of the sliding window the two budgets count over: Intune's 20 s. Tests may scale it down
    /// (with the client's window) to run a long throttling scenario quickly; Retry-After follows it.
    /// </summary>
    public TimeSpan ThrottleWindow { get; set; } = DefaultThrottleWindow;

    /// <summary>Intune's documented window.</summary>
    public static readonly TimeSpan DefaultThrottleWindow = TimeSpan.FromSeconds(20);

    /// <summary>All requests per sliding window (<see cref="ThrottleWindow"/>, 20 s) for this tenant; null means unlimited.</summary>
    public int? RequestBudgetPer20s { get; set; }

    /// <summary>POST/PATCH/PUT/DELETE per sliding window (<see cref="ThrottleWindow"/>, 20 s) for this tenant; null means unlimited.</summary>
    public int? WriteBudgetPer20s { get; set; }

    /// <summary>
    /// All requests per sliding window to Entra identity routes (identity/..., conditional access) for this tenant,
    /// counted apart from <see cref="RequestBudgetPer20s"/>; null means unlimited. Graph documents 1 request per second
    /// per tenant for conditional access policies and named locations, i.e. 20 per 20 s, and sends no Retry-After.
    /// </summary>
    public int? IdentityRequestBudgetPer20s { get; set; }

    /// <summary>Writes per sliding window to Entra identity routes; null means unlimited (Graph documents no separate one).</summary>
    public int? IdentityWriteBudgetPer20s { get; set; }

    /// <summary>
    /// Retry-After sent with 429 (written as given, e.g. 2.128). Null: whole seconds until the window frees a slot.
    /// </summary>
    public double? RetryAfterSeconds { get; set; }

    /// <summary>Error code in the body of a throttled response; clients must key off the status, not this.</summary>
    public string ThrottleErrorCode { get; set; } = "TooManyRequests";

    /// <summary>Fraction (0..1) of requests answered 503 ServiceUnavailable, drawn from a seeded random.</summary>
    public double ServiceUnavailableRate { get; set; }

    /// <summary>Retry-After sent with random 503s; null sends none.</summary>
    public double? ServiceUnavailableRetryAfterSeconds { get; set; }

    /// <summary>
    /// The assign action answers success but keeps none of the posted assignments (a Graph that silently
    /// dropped them); clients that read assignments back see the difference.
    /// </summary>
    public bool AssignDropsTargets { get; set; }

    /// <summary>
    /// Lists answer as if no $filter had been sent (every object of the collection, still paged): a Graph
    /// whose filter support is missing for a property. Clients must check what they asked for themselves.
    /// </summary>
    public bool IgnoreFilter { get; set; }

    /// <summary>Reseeds the random source that decides 503s, so a run is reproducible.</summary>
    public void SetRandomSeed(int seed)
    {
        lock (_randomGate)
        {
            _random = new Random(seed);
        }
    }

    public IReadOnlyList<ScriptedFailure> ScriptedFailures => Volatile.Read(ref _scripts);

    public ScriptedFailure AddScriptedFailure(ScriptedFailure failure)
    {
        lock (_scriptGate)
        {
            _scripts = [.. _scripts, failure];
        }

        return failure;
    }

    public void ClearScriptedFailures()
    {
        lock (_scriptGate)
        {
            _scripts = [];
        }
    }

    /// <summary>Back to no faults (budgets, latency, 503 rate and scripts cleared).</summary>
    public void Reset()
    {
        Latency = TimeSpan.Zero;
        RequestBudgetPer20s = null;
        WriteBudgetPer20s = null;
        IdentityRequestBudgetPer20s = null;
        IdentityWriteBudgetPer20s = null;
        ThrottleWindow = DefaultThrottleWindow;
        RetryAfterSeconds = null;
        ThrottleErrorCode = "TooManyRequests";
        ServiceUnavailableRate = 0;
        ServiceUnavailableRetryAfterSeconds = null;
        AssignDropsTargets = false;
        IgnoreFilter = false;
        ClearScriptedFailures();
    }

    internal bool DrawServiceUnavailable()
    {
        var rate = ServiceUnavailableRate;
        if (rate <= 0)
        {
            return false;
        }

        lock (_randomGate)
        {
            return _random.NextDouble() < rate;
        }
    }

    internal ScriptedFailure? MatchScript(string method, string relativePath, IReadOnlyList<string> segments)
    {
        foreach (var script in Volatile.Read(ref _scripts))
        {
            if (script.Matches(method, relativePath, segments) && script.TryFire())
            {
                return script;
            }
        }

        return null;
    }
}
