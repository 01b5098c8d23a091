namespace TenantAtlas.GraphEmulator;

/// <summary>
/// A failure the emulator answers instead of the real result, for requests matching
/// <see cref="Method"/> and <see cref="ObjectId"/> (both optional: null matches anything).
/// </summary>
public sealed class ScriptedFailure
{
    private int _remaining;

    public ScriptedFailure(int status, string code, string message = "Scripted failure", int? times = null)
    {
        Status = status;
        Code = code;
        Message = message;
        Times = times;
        _remaining = times ?? int.MaxValue;
    }

    /// <summary>HTTP method to match (GET, POST...), case-insensitive; null matches every method.</summary>
    public string? Method { get; init; }

    /// <summary>Object id that must appear as a path segment; null matches every path.</summary>
    public string? ObjectId { get; init; }

    /// <summary>Substring the path (relative to the version, e.g. deviceManagement/...) must contain; null matches every path.</summary>
    public string? PathContains { get; init; }

    public int Status { get; }

    public string Code { get; }

    public string Message { get; }

    /// <summary>How many times the failure fires before the request goes through; null means always.</summary>
    public int? Times { get; }

    /// <summary>Written as the Retry-After header when set (429/503 scripts).</summary>
    public double? RetryAfterSeconds { get; init; }

    /// <summary>How many requests this rule has failed so far.</summary>
    public int Hits => Volatile.Read(ref _hits);

    private int _hits;

    internal bool Matches(string method, string relativePath, IReadOnlyList<string> segments)
    {
        if (Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (PathContains is not null && !relativePath.Contains(PathContains, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (ObjectId is not null && !segments.Any(s => string.Equals(s, ObjectId, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return true;
    }

    /// <summary>Consumes one firing; false once the rule is used up.</summary>
    internal bool TryFire()
    {
        if (Times is null)
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
    }
}
