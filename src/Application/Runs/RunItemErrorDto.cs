namespace TenantAtlas.Application.Runs;

public sealed record RunItemErrorDto(string Code, string? Message, int? HttpStatus, string? RequestId);
