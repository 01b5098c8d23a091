using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetRun;

public sealed record GetRunQuery(Guid TenantId, Guid RunId, RunItemStatus? ItemStatus = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<RunDetailsDto>;
