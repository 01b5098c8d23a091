using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.ApiKeys;

public sealed class RevokeApiKeyCommandHandler(IAppDbContext db, TimeProvider time) : ICommandHandler<RevokeApiKeyCommand, ApiKeyDto>
{
    public async ValueTask<ApiKeyDto> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == command.ApiKeyId && k.TenantId == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("API key", command.ApiKeyId);
        key.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new ApiKeyDto(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.RevokedAt, key.LastUsedAt);
    }
}
