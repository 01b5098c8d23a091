using System.Text.Json.Serialization;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>
/// The status monitor of a run (Microsoft's long-running-operation shape): <c>id</c>, <c>status</c>,
/// <c>percentComplete</c> and, for a failed run, <c>error</c> at the top level, with the full <c>run</c>
/// and its paged per-item results (<c>items</c>) beside them.
/// </summary>
/// <param name="Run">The run with counts, timestamps and safe failure (what <c>.run.status</c> clients read).</param>
/// <param name="Items">Per-item results, paged.</param>
public sealed record RunDetailsDto(RunDto Run, PagedResult<RunItemDto> Items)
{
    /// <summary>The run id.</summary>
    [JsonPropertyOrder(-4)]
    public Guid Id => Run.Id;

    /// <summary>Queued or Running while the run works; Succeeded, Partial, Failed or Cancelled at the end.</summary>
    [JsonPropertyOrder(-3)]
    public RunStatus Status => Run.Status;

    /// <summary>0 to 100; 100 once the run is terminal.</summary>
    [JsonPropertyOrder(-2)]
    public int PercentComplete => Run.PercentComplete;

    /// <summary>The safe failure of a run that failed as a whole (null otherwise; item errors are in items).</summary>
    [JsonPropertyOrder(-1)]
    public RunFailureDto? Error => Run.Failure;
}
