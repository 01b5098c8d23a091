using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Runs;

public sealed record RunDetailsDto(RunDto Run, PagedResult<RunItemDto> Items);
