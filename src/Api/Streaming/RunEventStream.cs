using System.Globalization;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Runs.Feed;

namespace TenantAtlas.Api.Streaming;

/// <summary>
/// Writes the run change feed as Server-Sent Events. It polls the RunEvents table (through
/// <see cref="GetRunFeedQuery"/>, tenant-filtered) rather than listening in process, because the Worker
/// writes the events from another process. The event id is the RunEvent id, so Last-Event-ID resumes
/// exactly where the client stopped, terminal events included.
/// </summary>
public sealed partial class RunEventStream(IMediator mediator, IOptions<RunStreamOptions> options, IOptions<JsonOptions> json, TimeProvider time, ILogger<RunEventStream> logger)
{
    public const string LastEventIdHeader = "Last-Event-ID";
    private static readonly byte[] Keepalive = Encoding.UTF8.GetBytes(": keepalive\n\n");

    public async Task WriteAsync(HttpContext http, long? lastEventId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Validates lastEventId and fixes the start before the 200 is sent, so a bad id still gets a 400 problem.
        var page = await mediator.Send(new GetRunFeedQuery(lastEventId, settings.MaxEventsPerPoll, SettledBefore(settings)), cancellationToken);

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        await WriteTextAsync(response, $"retry: {settings.ClientRetryMilliseconds.ToString(CultureInfo.InvariantCulture)}\n\n", cancellationToken);
        var lastWriteAt = time.GetUtcNow();
        var cursor = page.Cursor;
        var sent = 0L;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (page.Events.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var e in page.Events)
                    {
                        text.Append("id: ").Append(e.Id.ToString(CultureInfo.InvariantCulture)).Append('\n')
                            .Append("event: ").Append(e.Type).Append('\n')
                            .Append("data: ").Append(JsonSerializer.Serialize(Data(e), json.Value.SerializerOptions)).Append("\n\n");
                    }

                    await WriteTextAsync(response, text.ToString(), cancellationToken);
                    sent += page.Events.Count;
                    lastWriteAt = time.GetUtcNow();
                }
                else if (time.GetUtcNow() - lastWriteAt >= settings.HeartbeatInterval)
                {
                    await response.Body.WriteAsync(Keepalive, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    lastWriteAt = time.GetUtcNow();
                }

                // A full page means a backlog: read on at once instead of waiting a poll interval.
                if (page.Events.Count < settings.MaxEventsPerPoll)
                {
                    await Task.Delay(settings.PollInterval, time, cancellationToken);
                }

                page = await mediator.Send(new GetRunFeedQuery(cursor, settings.MaxEventsPerPoll, SettledBefore(settings)), cancellationToken);
                cursor = page.Cursor;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }

        LogClosed(logger, sent, cursor);
    }

    private DateTimeOffset? SettledBefore(RunStreamOptions settings) =>
        settings.SettleDelay is { } delay && delay > TimeSpan.Zero ? time.GetUtcNow() - delay : null;

    /// <summary>The data line: the event without its id and type, which are SSE fields of their own.</summary>
    private static RunStreamEventData Data(RunFeedEvent e) => RunStreamEventData.From(e);

    private static async Task WriteTextAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run stream closed after {Sent} events at cursor {Cursor}")]
    private static partial void LogClosed(ILogger logger, long sent, long cursor);
}
