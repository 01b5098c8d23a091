using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Notifications;

public sealed record GetNotificationsQuery(bool UnreadOnly, int Page = 1, int PageSize = Paging.DefaultPageSize) : IQuery<PagedResult<NotificationDto>>;
