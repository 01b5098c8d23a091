namespace TenantAtlas.Application.Runs.Feed;

/// <summary>Events after the cursor asked for, and the cursor to ask with next.</summary>
public sealed record RunFeedPage(IReadOnlyList<RunFeedEvent> Events, long Cursor);
