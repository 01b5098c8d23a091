using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Beneath both reader and writer: while <see cref="GraphReadOnlyScope"/> is active, any non-GET request
/// (and a $batch with any non-GET inner request, or an unreadable one) is stopped before it is sent.
/// </summary>
internal sealed class ReadOnlyGuardHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (GraphReadOnlyScope.IsActive && request.Method != HttpMethod.Get)
        {
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            if (!GraphRequestContext.IsBatch(request))
            {
                throw new GraphWriteBlockedException(request.Method.Method, path);
            }

            var methods = await GraphRequestContext.GetBatchMethodsAsync(request, cancellationToken);
            if (methods is null || methods.Any(m => m != "GET"))
            {
                var blocked = methods?.FirstOrDefault(m => m != "GET") ?? "unreadable $batch";
                throw new GraphWriteBlockedException($"{request.Method.Method} $batch ({blocked})", path);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
