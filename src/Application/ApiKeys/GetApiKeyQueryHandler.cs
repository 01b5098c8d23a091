using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.ApiKeys;

public sealed class GetApiKeyQueryHandler(IAppDbContext db) : IQueryHandler<GetApiKeyQuery, ApiKeyDto>
{
    public async ValueTask<ApiKeyDto> Handle(GetApiKeyQuery query, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().Where(k => k.Id == query.ApiKeyId && k.TenantId == query.TenantId)
            .Select(k => new ApiKeyDto(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("API key", query.ApiKeyId);
}
