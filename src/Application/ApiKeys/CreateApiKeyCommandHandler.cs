using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.ApiKeys;

public sealed class CreateApiKeyCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider time)
    : ICommandHandler<CreateApiKeyCommand, CreatedApiKeyDto>
{
    public async ValueTask<CreatedApiKeyDto> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            TenantId = command.TenantId,
            Name = command.Name.Trim(),
            Role = command.Role,
            KeyHash = ApiKeySecrets.Hash(secret),
            Prefix = ApiKeySecrets.DisplayPrefix(secret),
            CreatedByUserId = actor.UserId,
            CreatedAt = now,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKeyDto(new ApiKeyDto(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, null, null), secret);
    }
}
