using System.Security.Cryptography;
using Cronos;

namespace TenantAtlas.Application.Schedules;

/// <summary>
/// The time rules of a schedule: its cron expression read in its time zone (Cronos handles daylight saving:
/// a skipped local time runs at the transition, a repeated one once), and its jitter, a fixed offset within
/// <see cref="ScheduleOptions.JitterWindow"/> derived from the schedule id, so 500 tenants at 02:00 spread over
/// the window yet each always runs at the same offset (every scheduler computes the same due times).
/// </summary>
public static class ScheduleCron
{
    /// <summary>Parses five fields (minute hour day month weekday) or six (seconds first); null when invalid.</summary>
    public static CronExpression? TryParse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        var fields = expression.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return CronExpression.TryParse(expression.Trim(), format, out var cron) ? cron : null;
    }

    /// <summary>An IANA (Europe/Zurich) or Windows (W. Europe Standard Time) time zone id; null when unknown.</summary>
    public static TimeZoneInfo? TryFindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone))
        {
            return zone;
        }

        // Without ICU (invariant globalization) .NET cannot map Windows ids to IANA ids itself.
        return WindowsTimeZones.ToIana(id.Trim()) is { } iana && TimeZoneInfo.TryFindSystemTimeZoneById(iana, out zone) ? zone : null;
    }

    /// <summary>The schedule's fixed offset within the jitter window (zero when the window is zero).</summary>
    public static TimeSpan Jitter(Guid scheduleId, TimeSpan window)
    {
        var seconds = (long)window.TotalSeconds;
        if (seconds <= 0)
        {
            return TimeSpan.Zero;
        }

        var hash = SHA256.HashData(scheduleId.ToByteArray());
        var value = BitConverter.ToUInt64(hash, 0);
        return TimeSpan.FromSeconds((long)(value % (ulong)seconds));
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, UTC; null when the expression never fires again.</summary>
    public static DateTimeOffset? NextOccurrence(CronExpression cron, TimeZoneInfo zone, DateTimeOffset after) =>
        cron.GetNextOccurrence(after.ToUniversalTime(), zone, inclusive: false)?.ToUniversalTime();

    /// <summary>
    /// The latest occurrence in [<paramref name="from"/>, <paramref name="to"/>], or null. Only this one runs after
    /// downtime: missed earlier occurrences are not caught up one by one.
    /// </summary>
    public static DateTimeOffset? LatestOccurrence(CronExpression cron, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return null;
        }

        // Walk back in growing windows so a long downtime of an every-minute schedule stays cheap.
        for (var span = TimeSpan.FromHours(1); ; span *= 4)
        {
            var start = to - span < from ? from : to - span;
            DateTimeOffset? latest = null;
            foreach (var occurrence in cron.GetOccurrences(start.ToUniversalTime(), to.ToUniversalTime(), zone, fromInclusive: true, toInclusive: true))
            {
                latest = occurrence;
            }

            if (latest is not null || start == from)
            {
                return latest?.ToUniversalTime();
            }
        }
    }

    /// <summary>The due time (occurrence plus jitter) of the first occurrence after <paramref name="now"/> minus the jitter.</summary>
    public static DateTimeOffset? NextDue(CronExpression cron, TimeZoneInfo zone, TimeSpan jitter, DateTimeOffset now) =>
        NextOccurrence(cron, zone, now - jitter) is { } next ? next + jitter : null;
}
