using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>One Server-Sent Events message: an event (id, event, data), a comment (heartbeat) or a retry field.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment, int? Retry)
{
    public bool IsEvent => Data is not null;

    public JsonObject Json => JsonNode.Parse(Data!)!.AsObject();

    public Guid RunId => Guid.Parse(Json["runId"]!.GetValue<string>());

    public string Status => Json["status"]!.GetValue<string>();

    public override string ToString() => Comment is not null ? $": {Comment}" : $"#{Id} {Event} {Data}";
}

/// <summary>
/// A test client of a text/event-stream response, read line by line. Every read is bounded by a timeout;
/// after a timeout the reader is spent (the pending read was cancelled) and must be disposed.
/// </summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => response;

    public List<SseMessage> Received { get; } = [];

    public static async Task<SseReader> OpenAsync(HttpClient client, string url, string? lastEventId = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            response.Dispose();
            throw new AssertionException($"The stream answered {(int)response.StatusCode}: {body}");
        }

        return new SseReader(response, await response.Content.ReadAsStreamAsync(cts.Token));
    }

    /// <summary>The next message, or null when the timeout passes first (or the stream ends).</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string? id = null, type = null, comment = null;
        int? retry = null;
        StringBuilder? data = null;
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(cts.Token);
                if (line is null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    if (id is null && type is null && data is null && comment is null && retry is null)
                    {
                        continue;
                    }

                    var message = new SseMessage(id, type, data?.ToString(), comment, retry);
                    Received.Add(message);
                    return message;
                }

                if (line.StartsWith(':'))
                {
                    comment = line[1..].Trim();
                    continue;
                }

                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "retry": retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "data":
                        data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads until a message satisfies the condition (returned) or the timeout passes (null).</summary>
    public async Task<SseMessage?> ReadUntilAsync(Func<SseMessage, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var message = await NextAsync(deadline - DateTime.UtcNow);
            if (message is null)
            {
                return null;
            }

            if (condition(message))
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>Events received so far (no comments or retry-only messages).</summary>
    public IEnumerable<SseMessage> Events => Received.Where(m => m.IsEvent);

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
