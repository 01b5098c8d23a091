using Mediator;
using TenantAtlas.Application.Restores.Start;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Restores.Deployments;

public sealed class StartRestoreDeploymentCommandHandler(RestoreRunStarter starter, ITenantAccess access)
    : ICommandHandler<StartRestoreDeploymentCommand, RestoreDeploymentDto>
{
    public async ValueTask<RestoreDeploymentDto> Handle(StartRestoreDeploymentCommand command, CancellationToken cancellationToken)
    {
        var dryRun = command.DryRun ?? false;
        var targets = command.TargetTenantIds!;
        // Every target first: a caller who may not restore into one of them starts nothing.
        foreach (var target in targets)
        {
            await RestoreAuthorization.RequireAsync(access, target, command.SourceTenantId, dryRun, cancellationToken);
        }

        var crossTenant = new CrossTenantRestore(command.SourceTenantId,
            FailOnUnmappedReferences: string.Equals(command.UnmappedAssignments, StartRestoreRunCommand.Fail, StringComparison.OrdinalIgnoreCase),
            CreateMissingReferences: command.CreateMissingReferences);
        var runs = new List<RestoreDeploymentRunDto>(targets.Count);
        foreach (var target in targets)
        {
            // Each run is committed and published on its own: the targets run independently (own budget, result, audit).
            var result = await starter.StartAsync(
                target, command.BackupSetId, command.BackupItemIds, dryRun, command.IncludeAssignments, null, cancellationToken, crossTenant);
            runs.Add(new RestoreDeploymentRunDto(target, RunNotifier.Link(target, result.Run.Id), RunDto.From(result.Run, result.Reused)));
        }

        return new RestoreDeploymentDto(command.SourceTenantId, command.BackupSetId, runs);
    }
}
