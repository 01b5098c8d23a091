using Mediator;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Restores.Start;

public sealed class StartRestoreRunCommandHandler(RestoreRunStarter starter, ITenantAccess access) : ICommandHandler<StartRestoreRunCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(StartRestoreRunCommand command, CancellationToken cancellationToken)
    {
        // One endpoint serves both kinds: the route requires Operator; a live restore needs Owner (and a cross-tenant
        // one Reader on the source).
        var dryRun = command.DryRun ?? false;
        var source = command.SourceTenantId is { } s && s != command.TenantId ? s : (Guid?)null;
        await RestoreAuthorization.RequireAsync(access, command.TenantId, source, dryRun, cancellationToken);

        var crossTenant = source is { } sourceId
            ? new CrossTenantRestore(sourceId,
                FailOnUnmappedReferences: string.Equals(command.UnmappedAssignments, StartRestoreRunCommand.Fail, StringComparison.OrdinalIgnoreCase),
                CreateMissingReferences: command.CreateMissingReferences)
            : null;
        var result = await starter.StartAsync(
            command.TenantId, command.BackupSetId, command.BackupItemIds, dryRun, command.IncludeAssignments, null, cancellationToken, crossTenant);
        return RunDto.From(result.Run, result.Reused);
    }
}
