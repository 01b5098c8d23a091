using Mediator;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.BackupSets.AddPolicies;

/// <summary>The policy picker's "Add selected": starts (or reuses, for the same selection) an add-policies run.</summary>
public sealed record AddPoliciesToBackupSetCommand(Guid TenantId, Guid BackupSetId, IReadOnlyList<Guid>? PolicyIds) : ICommand<RunDto>;
