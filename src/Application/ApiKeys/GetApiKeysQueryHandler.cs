using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.ApiKeys;

public sealed class GetApiKeysQueryHandler(IAppDbContext db) : IQueryHandler<GetApiKeysQuery, IReadOnlyList<ApiKeyDto>>
{
    public async ValueTask<IReadOnlyList<ApiKeyDto>> Handle(GetApiKeysQuery query, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().Where(k => k.TenantId == query.TenantId)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyDto(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken);
}
