namespace TenantAtlas.Application.Restores;

/// <summary>
/// After the assign action, the object's assignments read back differ from the backup's: Graph answered the
/// assign with success but did not keep what was sent (an unknown parameter dropped, a target refused).
/// </summary>
public sealed class RestoreAssignmentsMismatchException(int expected, int actual, int differences)
    : Exception($"Graph kept {actual} of the {expected} assignment(s) restored ({differences} difference(s) on read-back); " +
                "the policy was written, its assignments were not restored.")
{
    public const string Code = "restore.assignments_mismatch";

    public int Expected { get; } = expected;

    public int Actual { get; } = actual;
}
