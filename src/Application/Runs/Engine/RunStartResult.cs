using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

public sealed record RunStartResult(Run Run, bool Reused);
