using Mediator;

namespace TenantAtlas.Application.BackupSets.Create;

/// <summary>Creates a backup set (Capturing) and starts its capture run; no capture happens in the request.</summary>
public sealed record CreateBackupSetCommand(Guid TenantId, string Name, IReadOnlyList<Guid>? PolicyIds, bool All, IReadOnlyList<string>? PolicyTypes)
    : ICommand<BackupSetStartedDto>;
