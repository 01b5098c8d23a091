using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.Members.SetMember;

public sealed class SetTenantMemberCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider time)
    : ICommandHandler<SetTenantMemberCommand, SetTenantMemberResult>
{
    public async ValueTask<SetTenantMemberResult> Handle(SetTenantMemberCommand command, CancellationToken cancellationToken)
    {
        var role = command.Role!.Value;
        // An MSP administrator passes authorization for any tenant id, so the tenant may not exist.
        if (!await db.Tenants.AnyAsync(t => t.Id == command.TenantId, cancellationToken))
        {
            throw new NotFoundException("Tenant", command.TenantId);
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("User", command.UserId);
        var now = time.GetUtcNow();
        var membership = await db.TenantMemberships
            .FirstOrDefaultAsync(m => m.TenantId == command.TenantId && m.UserId == command.UserId, cancellationToken);
        var created = membership is null;
        if (membership is null)
        {
            membership = new TenantMembership { TenantId = command.TenantId, UserId = command.UserId, Role = role, CreatedAt = now };
            db.TenantMemberships.Add(membership);
            TenantMemberAudit.Add(db, command.TenantId, actor.Display, TenantMemberAudit.Added, command.UserId, role, null, now);
        }
        else if (membership.Role != role)
        {
            var owners = await db.TenantMemberships.CountAsync(m => m.TenantId == command.TenantId && m.Role == TenantRole.Owner, cancellationToken);
            if (TenantOwnership.WouldLeaveNoOwner(membership.Role, role, owners))
            {
                throw new ConflictException(TenantOwnership.LastOwnerCode, "The last Owner of a tenant cannot be demoted; make another member Owner first.");
            }

            TenantMemberAudit.Add(db, command.TenantId, actor.Display, TenantMemberAudit.RoleChanged, command.UserId, role, membership.Role, now);
            membership.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SetTenantMemberResult(
            new TenantMemberDto(user.Id, user.Subject, user.DisplayName, user.Email, membership.Role, membership.CreatedAt), created);
    }
}
