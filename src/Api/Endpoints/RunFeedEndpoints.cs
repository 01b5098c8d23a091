using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Streaming;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.GetActiveRuns;

namespace TenantAtlas.Api.Endpoints;

/// <summary>Runs across the caller's tenants: the global progress widget's list and its live feed.</summary>
public static class RunFeedEndpoints
{
    /// <summary>The one path that also accepts `?access_token=` (EventSource cannot send headers).</summary>
    public const string StreamPath = "/api/v1/runs/stream";

    public static void MapRunFeed(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/runs").WithTags("Runs").RequireAuthorization();
        group.MapGet("/active", GetActiveRuns)
            .WithSummary("Every Queued or Running run (both kinds) in every tenant the caller may see, oldest first, with tenant, counts and percentage; paged by cursor (follow nextLink).");
        group.MapGet("/stream", Stream)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Server-Sent Events of run status changes and progress in the caller's tenants; resume with Last-Event-ID (see docs/progress-feed.md).");
    }

    private static async Task<Ok<PagedResult<ActiveRunDto>>> GetActiveRuns(
        HttpContext http, IMediator mediator, CancellationToken ct,
        int? page = null, int pageSize = Paging.DefaultPageSize, string? cursor = null) =>
        PageResults.Ok(http, await mediator.Send(new GetActiveRunsQuery(page, pageSize, cursor), ct));

    // lastEventId: resume after this event id (the Last-Event-ID header wins when both are sent).
    private static async Task Stream(HttpContext http, RunEventStream stream, CancellationToken ct, string? lastEventId = null)
    {
        var raw = http.Request.Headers[RunEventStream.LastEventIdHeader].FirstOrDefault() ?? lastEventId;
        long? after = null;
        if (!string.IsNullOrWhiteSpace(raw))
        {
            if (!long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new ValidationException([new ValidationFailure("lastEventId", "The last event id must be a non-negative integer.")]);
            }

            after = parsed;
        }

        await stream.WriteAsync(http, after, ct);
    }
}
