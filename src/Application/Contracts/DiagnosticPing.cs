namespace TenantAtlas.Application.Contracts;

public sealed record DiagnosticPing(Guid RunId, Guid TenantId) : IRunMessage;
