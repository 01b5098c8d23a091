namespace TenantAtlas.Application.Contracts;

public sealed record AddPoliciesToBackupSet(Guid RunId, Guid TenantId) : IRunMessage;
