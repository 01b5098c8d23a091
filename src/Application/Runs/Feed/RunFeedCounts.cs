namespace TenantAtlas.Application.Runs.Feed;

public sealed record RunFeedCounts(int Total, int Processed, int Succeeded, int Failed, int Skipped);
