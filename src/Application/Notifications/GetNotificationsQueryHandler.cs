using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Notifications;

namespace TenantAtlas.Application.Notifications;

/// <summary>The caller's own notifications, newest first. API keys have none.</summary>
public sealed class GetNotificationsQueryHandler(IAppDbContext db, ICurrentActor actor)
    : IQueryHandler<GetNotificationsQuery, PagedResult<NotificationDto>>
{
    private static readonly KeysetOrder<Notification> Order = new("notifications", n => n.CreatedAt, n => n.Id, descending: true);

    public async ValueTask<PagedResult<NotificationDto>> Handle(GetNotificationsQuery query, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { } userId)
        {
            return PagedResult.Offset<NotificationDto>([], query.Page ?? 1, query.PageSize, 0);
        }

        var notifications = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (query.UnreadOnly)
        {
            notifications = notifications.Where(n => n.ReadAt == null);
        }

        // Keyset, so notifications marked read (unread=true) or added while a client pages never make it skip one.
        var scope = PageCursor.Scope(Order.List, userId, query.UnreadOnly);
        return await Order.ReadAsync(
            notifications, query.Page, query.PageSize, query.Cursor, scope,
            n => new NotificationDto(n.Id, n.TenantId, n.Type, JsonNode.Parse(n.Data), n.CreatedAt, n.ReadAt), cancellationToken);
    }
}
