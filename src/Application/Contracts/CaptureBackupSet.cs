namespace TenantAtlas.Application.Contracts;

public sealed record CaptureBackupSet(Guid RunId, Guid TenantId) : IRunMessage;
