using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Notifications;

public sealed class MarkNotificationReadCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider time)
    : ICommandHandler<MarkNotificationReadCommand, int>
{
    public async ValueTask<int> Handle(MarkNotificationReadCommand command, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { } userId)
        {
            throw new ForbiddenException("Only users have notifications.");
        }

        var now = time.GetUtcNow();
        var mine = db.Notifications.Where(n => n.UserId == userId);
        if (command.NotificationId is { } id)
        {
            // Someone else's notification is indistinguishable from a missing one.
            var notification = await mine.FirstOrDefaultAsync(n => n.Id == id, cancellationToken)
                ?? throw new NotFoundException("Notification", id);
            notification.ReadAt ??= now;
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }

        return await mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
