namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// Sliding windows per tenant (20 s unless a test scales them down), one for all requests and one for
/// writes, as Intune documents its limits. Rejected requests are not recorded, so a client that backs off gets through.
/// </summary>
internal sealed class ThrottleGate
{
    private readonly object _gate = new();
    private readonly Queue<long> _all = new();
    private readonly Queue<long> _writes = new();
    private readonly TimeProvider _time;

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
            Prune(_all, now, windowTicks);
            Prune(_writes, now, windowTicks);

            if (requestBudget is { } rb && _all.Count >= rb)
            {
                return WaitFor(_all, now, rb, windowTicks);
            }

            if (isWrite && writeBudget is { } wb && _writes.Count >= wb)
            {
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

    public void Reset()
    {
        lock (_gate)
        {
            _all.Clear();
            _writes.Clear();
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
