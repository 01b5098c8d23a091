using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Notifications;

/// <summary>One of the caller's own notifications; someone else's is indistinguishable from a missing one.</summary>
public sealed class GetNotificationQueryHandler(IAppDbContext db, ICurrentActor actor) : IQueryHandler<GetNotificationQuery, NotificationDto>
{
    public async ValueTask<NotificationDto> Handle(GetNotificationQuery query, CancellationToken cancellationToken)
    {
        var userId = actor.UserId ?? throw new NotFoundException("Notification", query.NotificationId);
        var row = await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == query.NotificationId && n.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("Notification", query.NotificationId);
        return new NotificationDto(row.Id, row.TenantId, row.Type, JsonNode.Parse(row.Data), row.CreatedAt, row.ReadAt);
    }
}
