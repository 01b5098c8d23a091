using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Notifications;

/// <summary>The caller's own notifications, newest first. API keys have none.</summary>
public sealed class GetNotificationsQueryHandler(IAppDbContext db, ICurrentActor actor)
    : IQueryHandler<GetNotificationsQuery, PagedResult<NotificationDto>>
{
    public async ValueTask<PagedResult<NotificationDto>> Handle(GetNotificationsQuery query, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { } userId)
        {
            return new PagedResult<NotificationDto>([], query.Page, query.PageSize, 0);
        }

        var notifications = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (query.UnreadOnly)
        {
            notifications = notifications.Where(n => n.ReadAt == null);
        }

        var total = await notifications.CountAsync(cancellationToken);
        var rows = await notifications.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new PagedResult<NotificationDto>(
            rows.Select(n => new NotificationDto(n.Id, n.TenantId, n.Type, JsonNode.Parse(n.Data), n.CreatedAt, n.ReadAt)).ToList(),
            query.Page, query.PageSize, total);
    }
}
