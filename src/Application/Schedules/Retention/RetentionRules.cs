using TenantAtlas.Domain.Backups;

namespace TenantAtlas.Application.Schedules.Retention;

/// <summary>
/// The retention rules of a schedule over the backup sets it created. A set is kept when any of these holds, checked in
/// this order (the first one is the reason): a restore references it; a run still uses it (capturing, adding, a drift
/// check against it); it is one of the newest KeepLast Ready/Partial sets; it is younger than MaxAgeDays. A Failed set
/// counts towards no KeepLast; without an age rule it is kept while it is newer than the newest successful set. A
/// schedule without rules keeps everything.
/// </summary>
public static class RetentionRules
{
    public const string ReferencedByRestore = "retention.referenced_by_restore";
    public const string InUse = "retention.in_use";
    public const string WithinKeepLast = "retention.within_keep_last";
    public const string YoungerThanMaxAge = "retention.younger_than_max_age";
    public const string LatestFailure = "retention.latest_failure";
    public const string NoRules = "retention.no_rules";
    public const string Expired = "retention.expired";

    public sealed record Candidate(Guid Id, string Name, BackupSetStatus Status, DateTimeOffset CreatedAt, bool ReferencedByRestore, bool InUse);

    public static IReadOnlyList<RetentionDecision> Evaluate(
        IEnumerable<Candidate> sets, int? keepLast, int? maxAgeDays, DateTimeOffset now)
    {
        var ordered = sets.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToList();
        var newestKept = ordered.Where(Successful).Take(keepLast ?? 0).Select(s => s.Id).ToHashSet();
        var newestSuccess = ordered.FirstOrDefault(Successful)?.CreatedAt;
        var decisions = new List<RetentionDecision>(ordered.Count);
        foreach (var set in ordered)
        {
            var reason =
                set.ReferencedByRestore ? ReferencedByRestore
                : set.InUse || set.Status == BackupSetStatus.Capturing ? InUse
                : keepLast is null && maxAgeDays is null ? NoRules
                : newestKept.Contains(set.Id) ? WithinKeepLast
                : maxAgeDays is { } days && set.CreatedAt > now - TimeSpan.FromDays(days) ? YoungerThanMaxAge
                : set.Status == BackupSetStatus.Failed && maxAgeDays is null && (newestSuccess is null || set.CreatedAt > newestSuccess) ? LatestFailure
                : Expired;
            decisions.Add(new RetentionDecision(set.Id, set.Name, set.Status, set.CreatedAt, reason != Expired, reason));
        }

        return decisions;
    }

    private static bool Successful(Candidate set) => set.Status is BackupSetStatus.Ready or BackupSetStatus.Partial;
}
