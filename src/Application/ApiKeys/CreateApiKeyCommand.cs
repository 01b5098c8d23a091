using Mediator;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.ApiKeys;

public sealed record CreateApiKeyCommand(Guid TenantId, string Name, TenantRole Role) : ICommand<CreatedApiKeyDto>;
