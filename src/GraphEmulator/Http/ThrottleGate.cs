namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// Sliding windows per tenant (20 s unless a test scales them down), one for all requests and one for
/// writes, as Intune documents its limits. Rejected requests are not recorded, so a client that backs off gets through.
/// It also counts the 20 s windows (tumbling, from the tenant's first budgeted request) in which the tenant sent more
/// than a budget allows, i.e. had at least one request rejected: a well-behaved client keeps that at 0.
/// </summary>
internal sealed class ThrottleGate
{
    private readonly object _gate = new();
    private readonly Queue<long> _all = new();
    private readonly Queue<long> _writes = new();
    private readonly TimeProvider _time;
    private long? _firstAt;
    private long _lastWindowOver = -1;
    private int _windowsOverBudget;

    public ThrottleGate(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Null when admitted; otherwise the time until a slot frees.</summary>
    public TimeSpan? TryAdmit(int? requestBudget, int? writeBudget, bool isWrite, TimeSpan window)
    {
        if (requestBudget is null && (writeBudget is null || !isWrite))
        {
            return null;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var windowTicks = window.Ticks;
        lock (_gate)
        {
            _firstAt ??= now;
            Prune(_all, now, windowTicks);
            Prune(_writes, now, windowTicks);

            if (requestBudget is { } rb && _all.Count >= rb)
            {
                CountWindowOver(now, windowTicks);
                return WaitFor(_all, now, rb, windowTicks);
            }

            if (isWrite && writeBudget is { } wb && _writes.Count >= wb)
            {
                CountWindowOver(now, windowTicks);
                return WaitFor(_writes, now, wb, windowTicks);
            }

            _all.Enqueue(now);
            if (isWrite)
            {
                _writes.Enqueue(now);
            }

            // Keep both queues bounded even when only one budget is active.
            if (requestBudget is null && _all.Count > 100_000)
            {
                _all.Clear();
            }

            return null;
        }
    }

    /// <summary>Windows (tumbling, window-long, from the first budgeted request) in which a request went over a budget and was rejected.</summary>
    public int WindowsOverBudget
    {
        get
        {
            lock (_gate)
            {
                return _windowsOverBudget;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _all.Clear();
            _writes.Clear();
            _firstAt = null;
            _lastWindowOver = -1;
            _windowsOverBudget = 0;
        }
    }

    private void CountWindowOver(long now, long windowTicks)
    {
        var index = (now - _firstAt!.Value) / windowTicks;
        if (index != _lastWindowOver)
        {
            _lastWindowOver = index;
            _windowsOverBudget++;
        }
    }

    private static void Prune(Queue<long> queue, long now, long windowTicks)
    {
        while (queue.Count > 0 && now - queue.Peek() >= windowTicks)
        {
            queue.Dequeue();
        }
    }

    private static TimeSpan WaitFor(Queue<long> queue, long now, int budget, long windowTicks)
    {
        // The slot frees when the entry that puts us at the budget leaves the window.
        var excess = queue.Count - budget;
        var entry = queue.ElementAt(Math.Max(0, excess));
        var wait = TimeSpan.FromTicks(entry + windowTicks - now);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
