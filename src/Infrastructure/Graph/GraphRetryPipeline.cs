using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// The gateway's only retry layer (Kiota's RetryHandler is removed from the chain): 429, 503, 504,
/// network errors and attempt timeouts, waiting Retry-After (capped) or exponential backoff with jitter.
/// A 429 is retried for as long as the operation's time budget (Graph:Retry:TotalBudget) allows, as Graph's
/// guidance asks (honour Retry-After and keep going); Graph:Retry:MaxRetryAttempts counts only the other faults.
/// Throttling is decided from the status code, never the body.
/// </summary>
internal sealed class GraphRetryPipeline
{
    private static readonly ResiliencePropertyKey<long> StartedAt = new("TenantAtlas.Graph.StartedAt");
    private static readonly ResiliencePropertyKey<TimeSpan> NextDelay = new("TenantAtlas.Graph.NextDelay");
    private static readonly ResiliencePropertyKey<HttpRequestMessage> Request = new("TenantAtlas.Graph.Request");
    private static readonly ResiliencePropertyKey<int> FaultRetries = new("TenantAtlas.Graph.FaultRetries");

    private readonly GraphRetryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphRetryPipeline> _logger;

    public GraphRetryPipeline(IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphRetryPipeline> logger)
    {
        _options = options.Value.Retry;
        _time = time;
        _logger = logger;
        Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // The count is ours (faults other than 429); the time budget ends a run of 429s.
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.AttemptNumber, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Context.Properties.TryGetValue(NextDelay, out var delay) ? delay : _options.BaseDelay),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(Request, out var request) &&
                        request.Options.TryGetValue(GraphRequestContext.Tenant, out var tenant))
                    {
                        GraphLog.Retrying(_logger, tenant.TenantId, request.Method.Method, (int?)args.Outcome.Result?.StatusCode,
                            args.Outcome.Exception?.GetType().Name, args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    public async Task<HttpResponseMessage> ExecuteAsync(
        HttpRequestMessage request, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(StartedAt, _time.GetTimestamp());
            context.Properties.Set(Request, request);
            var outcome = await Pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.send(state.request, ctx.CancellationToken));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (request, send));
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, int attemptNumber, ResilienceContext context)
    {
        if (_options.MaxRetryAttempts == 0)
        {
            return false;
        }

        var faultRetries = context.Properties.TryGetValue(FaultRetries, out var f) ? f : 0;
        var request = context.Properties.TryGetValue(Request, out var r) ? r : null;
        var retriableOnFailure = request is null || GraphRequestContext.IsRetriableOnFailure(request);
        TimeSpan? retryAfter = null;
        switch (outcome)
        {
            case { Result: { StatusCode: HttpStatusCode.TooManyRequests } response }:
                retryAfter = RetryAfter.FromResponse(response, _time.GetUtcNow());
                break;
            case { Result: { StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } response }
                when retriableOnFailure && faultRetries < _options.MaxRetryAttempts:
                retryAfter = RetryAfter.FromResponse(response, _time.GetUtcNow());
                faultRetries++;
                break;
            case { Exception: HttpRequestException or TimeoutRejectedException } when retriableOnFailure && faultRetries < _options.MaxRetryAttempts:
                faultRetries++;
                break;
            default:
                return false;
        }

        var delay = retryAfter ?? Backoff(attemptNumber);
        if (delay > _options.MaxDelay)
        {
            delay = _options.MaxDelay;
        }

        var started = context.Properties.TryGetValue(StartedAt, out var s) ? s : _time.GetTimestamp();
        if (_time.GetElapsedTime(started) + delay > _options.TotalBudget)
        {
            return false;
        }

        context.Properties.Set(NextDelay, delay);
        context.Properties.Set(FaultRetries, faultRetries);
        return true;
    }

    private TimeSpan Backoff(int attemptNumber)
    {
        // Exponential with "equal jitter": half fixed, half random, so parallel items spread out.
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 16));
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
