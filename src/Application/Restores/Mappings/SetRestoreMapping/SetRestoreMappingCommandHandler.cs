using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Audit;
using TenantAtlas.Domain.Restores;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Restores.Mappings.SetRestoreMapping;

public sealed class SetRestoreMappingCommandHandler(IAppDbContext db, ITenantAccess access, ICurrentActor actor, TimeProvider time)
    : ICommandHandler<SetRestoreMappingCommand, SetRestoreMappingResult>
{
    public const string AuditAction = "restore_mapping.updated";

    public async ValueTask<SetRestoreMappingResult> Handle(SetRestoreMappingCommand command, CancellationToken cancellationToken)
    {
        await RestoreMappingAccess.RequireAsync(access, command.TenantId, command.SourceTenantId, TenantRole.Owner, cancellationToken);
        if (!await db.Tenants.AnyAsync(t => t.Id == command.SourceTenantId, cancellationToken))
        {
            throw new NotFoundException("Tenant", command.SourceTenantId);
        }

        var mapping = await db.RestoreMappings
            .FirstOrDefaultAsync(m => m.TenantId == command.TenantId && m.SourceTenantId == command.SourceTenantId, cancellationToken);
        var current = RestoreMappingDocument.Parse(mapping?.Document).ToJson();
        var body = command.MergePatch ? RestoreMappingDocument.MergePatch(current, command.Body!) : command.Body!;
        var (document, problems) = RestoreMappingDocument.FromJson(body);
        if (problems.Count > 0)
        {
            throw new ValidationException(problems.Select(p => new ValidationFailure(p.Path, p.Message)));
        }

        var now = time.GetUtcNow();
        var created = mapping is null;
        if (mapping is null)
        {
            mapping = new RestoreMapping
            {
                Id = Guid.CreateVersion7(now), TenantId = command.TenantId, SourceTenantId = command.SourceTenantId,
                Document = document.Serialize(), CreatedAt = now, UpdatedAt = now, UpdatedBy = actor.Display,
            };
            db.RestoreMappings.Add(mapping);
        }
        else
        {
            mapping.Document = document.Serialize();
            mapping.UpdatedAt = now;
            mapping.UpdatedBy = actor.Display;
        }

        db.AuditLogs.Add(new AuditLog
        {
            Id = Guid.CreateVersion7(now),
            TenantId = command.TenantId,
            Actor = actor.Display,
            Action = AuditAction,
            TargetType = "restoreMapping",
            TargetId = command.SourceTenantId.ToString("D"),
            Metadata = new JsonObject
            {
                ["sourceTenantId"] = command.SourceTenantId.ToString("D"),
                ["created"] = created,
                ["groups"] = document.Groups.Count,
                ["assignmentFilters"] = document.AssignmentFilters.Count,
                ["scopeTags"] = document.ScopeTags.Count,
                ["namedLocations"] = document.NamedLocations.Count,
            }.ToJsonString(JsonSerializerOptions.Web),
            OccurredAt = now,
        });

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (created)
        {
            throw new ConflictException("restore_mapping.conflict", "The mapping was created by another request at the same time; read it and retry.");
        }

        return new SetRestoreMappingResult(RestoreMappingDto.From(mapping), created);
    }
}
