using Mediator;

namespace TenantAtlas.Application.BackupSets.Delete;

/// <summary>Deletes a backup set and its items; refused (409) while a run uses it.</summary>
public sealed record DeleteBackupSetCommand(Guid TenantId, Guid BackupSetId) : ICommand;
