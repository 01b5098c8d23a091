using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Notifications;

/// <summary>The caller's notifications, newest first, paged by page number or by the cursor of a nextLink.</summary>
public sealed record GetNotificationsQuery(bool UnreadOnly, int? Page = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null)
    : IQuery<PagedResult<NotificationDto>>;
