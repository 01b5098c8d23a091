using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.ApiKeys;

public sealed class GetApiKeysQueryHandler(IAppDbContext db) : IQueryHandler<GetApiKeysQuery, PagedResult<ApiKeyDto>>
{
    public async ValueTask<PagedResult<ApiKeyDto>> Handle(GetApiKeysQuery query, CancellationToken cancellationToken)
    {
        var keys = db.ApiKeys.AsNoTracking().Where(k => k.TenantId == query.TenantId);
        var total = await keys.CountAsync(cancellationToken);
        var page = await keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(k => new ApiKeyDto(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken);
        return PagedResult.Offset(page, query.Page, query.PageSize, total);
    }
}
