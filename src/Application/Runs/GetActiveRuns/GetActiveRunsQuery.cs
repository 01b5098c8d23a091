using Mediator;

namespace TenantAtlas.Application.Runs.GetActiveRuns;

/// <summary>Every Queued or Running run (both kinds) in every tenant the caller may see, oldest first.</summary>
public sealed record GetActiveRunsQuery : IQuery<IReadOnlyList<ActiveRunDto>>;
