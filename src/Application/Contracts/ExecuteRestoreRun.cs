namespace TenantAtlas.Application.Contracts;

public sealed record ExecuteRestoreRun(Guid RunId, Guid TenantId) : IRunMessage;
