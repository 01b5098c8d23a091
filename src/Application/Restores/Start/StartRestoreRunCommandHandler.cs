using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Restores.Start;

public sealed class StartRestoreRunCommandHandler(RestoreRunStarter starter, ITenantAccess access) : ICommandHandler<StartRestoreRunCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(StartRestoreRunCommand command, CancellationToken cancellationToken)
    {
        // One endpoint serves both kinds: the route requires Operator; a live restore needs Owner.
        var role = await access.GetRoleAsync(command.TenantId, cancellationToken);
        var dryRun = command.DryRun ?? false;
        var required = dryRun ? TenantRole.Operator : TenantRole.Owner;
        if (role is not { } r || r < required)
        {
            throw new ForbiddenException(dryRun
                ? "Starting a restore preview requires the Operator role."
                : "Starting a live restore requires the Owner role; an Operator may start a preview (dryRun: true).");
        }

        var result = await starter.StartAsync(
            command.TenantId, command.BackupSetId, command.BackupItemIds, dryRun, command.IncludeAssignments, null, cancellationToken);
        return RunDto.From(result.Run, result.Reused);
    }
}
