using Mediator;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Drift.Start;

/// <summary>
/// Starts a read-only drift check of the tenant against a backup set: the one named, or the tenant's latest Ready set.
/// The same baseline and types while a check is active reuse it.
/// </summary>
public sealed record StartDriftCheckCommand(Guid TenantId, Guid? BackupSetId, IReadOnlyList<string>? PolicyTypes, Guid? RunId = null) : ICommand<RunDto>;
