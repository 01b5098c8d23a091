using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

public sealed record RunStartResult<TRun>(TRun Run, bool Reused) where TRun : Run;
