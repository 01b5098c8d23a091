namespace TenantAtlas.Application.Contracts;

public sealed record CapturePolicySnapshot(Guid RunId, Guid TenantId) : IRunMessage;
