namespace TenantAtlas.Application.Contracts;

public sealed record SyncPolicyInventory(Guid RunId, Guid TenantId) : IRunMessage;
