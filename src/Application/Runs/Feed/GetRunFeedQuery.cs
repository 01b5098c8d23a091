using Mediator;

namespace TenantAtlas.Application.Runs.Feed;

/// <summary>
/// Reads the run change feed (RunEvents) of the caller's tenants after a cursor, oldest first, at most
/// MaxEvents. Without a cursor, answers no events and the current end of the feed as the cursor, so a new
/// client starts with what happens from now on. With SettledBefore, the page stops at the first event
/// that occurred after it: on databases whose identity values can commit out of order (SQL Server), a
/// lower id may still appear, and the cursor must not pass it.
/// </summary>
public sealed record GetRunFeedQuery(long? AfterId, int MaxEvents = GetRunFeedQuery.DefaultMaxEvents, DateTimeOffset? SettledBefore = null)
    : IQuery<RunFeedPage>
{
    public const int DefaultMaxEvents = 100;
    public const int MaxMaxEvents = 1000;
}
