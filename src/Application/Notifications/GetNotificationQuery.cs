using Mediator;

namespace TenantAtlas.Application.Notifications;

public sealed record GetNotificationQuery(Guid NotificationId) : IQuery<NotificationDto>;
