using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.Members.RemoveMember;

public sealed class RemoveTenantMemberCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider time) : ICommandHandler<RemoveTenantMemberCommand>
{
    public async ValueTask<Unit> Handle(RemoveTenantMemberCommand command, CancellationToken cancellationToken)
    {
        var membership = await db.TenantMemberships
            .FirstOrDefaultAsync(m => m.TenantId == command.TenantId && m.UserId == command.UserId, cancellationToken)
            ?? throw new NotFoundException("Member", command.UserId);
        var owners = await db.TenantMemberships.CountAsync(m => m.TenantId == command.TenantId && m.Role == TenantRole.Owner, cancellationToken);
        if (TenantOwnership.WouldLeaveNoOwner(membership.Role, null, owners))
        {
            throw new ConflictException(TenantOwnership.LastOwnerCode, "The last Owner of a tenant cannot be removed; make another member Owner first.");
        }

        db.TenantMemberships.Remove(membership);
        TenantMemberAudit.Add(db, command.TenantId, actor.Display, TenantMemberAudit.Removed, command.UserId, null, membership.Role, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
