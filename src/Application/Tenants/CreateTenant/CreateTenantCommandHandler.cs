using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.CreateTenant;

public sealed class CreateTenantCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider time)
    : ICommandHandler<CreateTenantCommand, TenantDto>
{
    public async ValueTask<TenantDto> Handle(CreateTenantCommand command, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { } userId)
        {
            throw new ForbiddenException("Only MSP administrators can onboard tenants.");
        }

        if (await db.Tenants.AnyAsync(t => t.EntraTenantId == command.EntraTenantId, cancellationToken))
        {
            throw new ConflictException("tenant.exists", "A tenant with this Entra tenant id is already onboarded.");
        }

        var now = time.GetUtcNow();
        var tenant = new Tenant
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name.Trim(),
            EntraTenantId = command.EntraTenantId,
            GraphProfile = string.IsNullOrWhiteSpace(command.GraphProfile) ? "default" : command.GraphProfile,
            CreatedAt = now,
        };
        db.Tenants.Add(tenant);
        db.TenantMemberships.Add(new TenantMembership { TenantId = tenant.Id, UserId = userId, Role = TenantRole.Owner, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return new TenantDto(tenant.Id, tenant.Name, tenant.EntraTenantId, tenant.GraphProfile, tenant.CreatedAt, TenantRole.Owner);
    }
}
