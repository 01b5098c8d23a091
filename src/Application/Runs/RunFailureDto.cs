namespace TenantAtlas.Application.Runs;

public sealed record RunFailureDto(string Code, string Message);
