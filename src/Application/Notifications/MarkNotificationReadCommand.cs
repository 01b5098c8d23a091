using Mediator;

namespace TenantAtlas.Application.Notifications;

/// <summary>Marks one notification read; NotificationId null marks all of the caller's notifications read.</summary>
public sealed record MarkNotificationReadCommand(Guid? NotificationId) : ICommand<int>;
