using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Concurrency;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Notifications;

namespace TenantAtlas.Api.Endpoints;

public static class NotificationsEndpoints
{
    public static void MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", GetNotifications).WithSummary("The caller's notifications, newest first; paged by cursor (follow nextLink).");
        group.MapGet("/{notificationId}", GetNotification).WithETag()
            .WithSummary("One of the caller's notifications; answers an ETag (If-None-Match: 304).");
        group.MapPost("/{notificationId}/read", MarkRead)
            .WithIfMatch(http => new GetNotificationQuery(http.RouteGuid("notificationId")))
            .WithSummary("Mark one notification read; If-Match (the ETag of GET) is honoured, 412 on mismatch.");
        group.MapPost("/read-all", MarkAllRead).WithSummary("Mark all of the caller's notifications read.");
    }

    private static async Task<Ok<PagedResult<NotificationDto>>> GetNotifications(
        HttpContext http, IMediator mediator, CancellationToken ct,
        bool unread = false, int? page = null, int pageSize = Paging.DefaultPageSize, string? cursor = null) =>
        PageResults.Ok(http, await mediator.Send(new GetNotificationsQuery(unread, page, pageSize, cursor), ct));

    private static async Task<Ok<NotificationDto>> GetNotification(Guid notificationId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetNotificationQuery(notificationId), ct));

    private static async Task<NoContent> MarkRead(Guid notificationId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new MarkNotificationReadCommand(notificationId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MarkedReadDto>> MarkAllRead(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(new MarkedReadDto(await mediator.Send(new MarkNotificationReadCommand(null), ct)));
}

public sealed record MarkedReadDto(int Marked);
