using System.Runtime.CompilerServices;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Sends one Graph request through the gateway's handler chain and turns every failure into a
/// <see cref="GraphException"/> carrying a sanitized <see cref="GraphError"/>. Thread-safe.
/// </summary>
internal sealed class GraphRequestSender(IHttpClientFactory httpClientFactory, IOptions<GraphOptions> options, ILogger<GraphRequestSender> logger)
{
    private const int MaxErrorBodyChars = 16_384;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    /// <summary>{BaseUrl}/beta/</summary>
    public Uri ServiceRoot { get; } = new(options.Value.BaseUri, "beta/");

    /// <summary>
    /// Every item of a Graph collection, following @odata.nextLink page by page (a link that repeats is a failure, never
    /// an endless loop). Items are handed out as their page is read.
    /// </summary>
    public async IAsyncEnumerable<JsonObject> ListPagesAsync(GraphTenant tenant, Uri first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = first;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            if (!seen.Add(next.AbsoluteUri))
            {
                throw new GraphException(new GraphError(GraphErrorCodes.Failed, "Graph returned a paging link that repeats.", null, null, null));
            }

            var page = (await SendAsync(tenant, HttpMethod.Get, next, null, cancellationToken)).Body as JsonObject
                ?? throw new GraphException(new GraphError(GraphErrorCodes.Failed, "Graph answered with an unexpected body.", null, null, null));
            if (page["value"] is JsonArray items)
            {
                foreach (var item in items.ToList())
                {
                    if (item is JsonObject o)
                    {
                        items.Remove(o);
                        yield return o;
                    }
                }
            }

            next = page["@odata.nextLink"] is JsonValue link && link.TryGetValue<string>(out var href) && !string.IsNullOrEmpty(href)
                ? new Uri(href, UriKind.Absolute)
                : null;
        }
    }

    public Uri Resolve(string relative) => new(ServiceRoot, relative.TrimStart('/'));

    /// <summary>
    /// Sends and returns the parsed JSON body (null when empty). A 404 returns <see cref="NotFound"/> when
    /// <paramref name="notFoundIsResult"/>; any other failure throws a sanitized <see cref="GraphException"/>.
    /// </summary>
    public async Task<GraphResponse> SendAsync(
        GraphTenant tenant, HttpMethod method, Uri uri, JsonNode? body, CancellationToken cancellationToken,
        bool notFoundIsResult = false, bool retriableOnFailure = true)
    {
        EnsureSameOrigin(uri);
        using var request = new HttpRequestMessage(method, uri);
        request.Options.Set(GraphRequestContext.Tenant, tenant);
        request.Options.Set(GraphRequestContext.Retriable, retriableOnFailure);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            request.Content.Headers.ContentType = JsonMediaType;
        }

        var client = httpClientFactory.CreateClient(GraphRegistration.HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (GraphException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException)
        {
            throw Fail(tenant, method, new GraphError(GraphErrorCodes.Timeout, "Graph did not answer in time.", null, null, null));
        }
        catch (OperationCanceledException)
        {
            throw Fail(tenant, method, new GraphError(GraphErrorCodes.Timeout, "Graph did not answer in time.", null, null, null));
        }
        catch (HttpRequestException ex)
        {
            var detail = GraphErrorSanitizer.Sanitize(ex.HttpRequestError.ToString() + ": " + ex.Message, 200);
            throw Fail(tenant, method, new GraphError(GraphErrorCodes.Network, $"Graph could not be reached ({detail}).", null, null, null));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return new GraphResponse(status, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
            }

            if (notFoundIsResult && response.StatusCode == HttpStatusCode.NotFound)
            {
                return GraphResponse.NotFound;
            }

            var errorBody = await ReadLimitedAsync(response, cancellationToken);
            var error = GraphErrorSanitizer.FromResponse(status, errorBody, RequestId(response.Headers));
            throw Fail(tenant, method, error);
        }
    }

    public GraphException Fail(GraphTenant tenant, HttpMethod method, GraphError error)
    {
        var safe = GraphErrorSanitizer.Sanitize(error);
        GraphLog.Failed(logger, tenant.TenantId, method.Method, safe);
        return new GraphException(safe);
    }

    /// <summary>Tokens must never follow a nextLink (or anything else) to another host.</summary>
    private void EnsureSameOrigin(Uri uri)
    {
        if (!uri.IsAbsoluteUri || Uri.Compare(uri, ServiceRoot, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new GraphException(new GraphError(GraphErrorCodes.Failed,
                "Graph returned a link to another host; it was not followed.", null, null, null));
        }
    }

    private static string? RequestId(HttpResponseHeaders headers) =>
        headers.NonValidated.TryGetValues("request-id", out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] : text;
    }
}

/// <summary>A successful (or 404) Graph answer.</summary>
internal sealed record GraphResponse(int Status, JsonNode? Body)
{
    public static readonly GraphResponse NotFound = new(404, null);

    public bool IsNotFound => Status == 404;
}
