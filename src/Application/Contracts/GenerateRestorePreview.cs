namespace TenantAtlas.Application.Contracts;

public sealed record GenerateRestorePreview(Guid RunId, Guid TenantId) : IRunMessage;
