using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetRuns;

public sealed record GetRunsQuery(Guid TenantId, RunKind? Kind, string? Operation, RunStatus? Status, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<PagedResult<RunDto>>;
