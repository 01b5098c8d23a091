using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantAtlas.Api.Endpoints;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Idempotency;

namespace TenantAtlas.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> for POST requests (IETF httpapi-idempotency-key-header): the same key with the
/// same request within 24 h replays the first response (with <c>Idempotent-Replayed: true</c>); the same
/// key with a different request answers 422; a request still in flight answers 409. Keys are scoped to
/// the caller. Run starts are idempotent anyway while a run is active; the key makes a retry after the
/// run finished return the original answer too, which is what PSA/RMM integrations expect.
/// <para>
/// An unfinished record is owned by the request that inserted it (the record's Id is the owner's token) and
/// held by a short lease (<see cref="IdempotencyOptions.InFlightLease"/>, kept in ExpiresAt until the record
/// completes) that the owner renews while it runs. When the owner's host dies the lease lapses, and a retry
/// takes the key over and runs the request again. An owner that lost its record does not overwrite the new one.
/// Secret response properties (<see cref="SecretResponseProperties"/>) are stored as null.
/// </para>
/// </summary>
public sealed partial class IdempotencyKeyMiddleware(
    RequestDelegate next, TimeProvider time, IOptions<IdempotencyOptions> options, IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime, ILogger<IdempotencyKeyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context, IAppDbContext db, ICurrentActor actor, IProblemDetailsService problems)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(HeaderName, out var values)
            || context.GetEndpoint() is null || (actor.UserId is null && actor.ApiKeyId is null))
        {
            await next(context);
            return;
        }

        var key = values.ToString().Trim().Trim('"');
        if (key.Length is 0 or > MaxKeyLength || values.Count > 1)
        {
            await ProblemAsync(context, problems, 400, "idempotency_key.invalid", $"The Idempotency-Key header must be one value of 1 to {MaxKeyLength} characters.");
            return;
        }

        var fingerprint = await FingerprintAsync(context.Request);
        var caller = actor.Display;
        var now = time.GetUtcNow();
        var record = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, context.RequestAborted);
        if (record is not null && record.ExpiresAt <= now)
        {
            // A replay that is past its retention, or an unfinished record whose owner stopped renewing its lease
            // (its host died mid-request): the key is free again. The condition on ExpiresAt keeps a record whose
            // owner renewed it a moment ago.
            if (!record.Completed)
            {
                LogLeaseLapsed(logger, record.Key, record.CreatedAt);
            }

            var expiredAt = record.ExpiresAt;
            await db.IdempotencyRecords.Where(r => r.Id == record.Id && r.ExpiresAt == expiredAt).ExecuteDeleteAsync(context.RequestAborted);
            record = null;
        }

        if (record is null)
        {
            var lease = options.Value.InFlightLease;
            record = new IdempotencyRecord
            {
                Id = Guid.CreateVersion7(now), Caller = caller, Key = key, Fingerprint = fingerprint, CreatedAt = now, ExpiresAt = now + lease,
            };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
            }
            catch (Exception ex) when (db.IsUniqueViolation(ex))
            {
                // A concurrent request with the same key won the insert: it is in flight (or just finished).
                db.IdempotencyRecords.Entry(record).State = EntityState.Detached;
                record = await db.IdempotencyRecords.AsNoTracking().FirstAsync(r => r.Caller == caller && r.Key == key, context.RequestAborted);
                await AnswerExistingAsync(context, problems, record, fingerprint);
                return;
            }

            db.IdempotencyRecords.Entry(record).State = EntityState.Detached;
            await ExecuteAndStoreAsync(context, db, record.Id, record.CreatedAt);
            return;
        }

        await AnswerExistingAsync(context, problems, record, fingerprint);
    }

    private async Task AnswerExistingAsync(HttpContext context, IProblemDetailsService problems, IdempotencyRecord record, string fingerprint)
    {
        if (record.Fingerprint != fingerprint)
        {
            await ProblemAsync(context, problems, 422, "idempotency_key.reused", "This Idempotency-Key was already used with a different request.");
        }
        else if (!record.Completed)
        {
            await ProblemAsync(context, problems, 409, "idempotency_key.in_flight", "A request with this Idempotency-Key is still being processed; retry later.");
        }
        else
        {
            LogReplayed(logger, record.Key);
            await ReplayAsync(context, record);
        }
    }

    private async Task ExecuteAndStoreAsync(HttpContext context, IAppDbContext db, Guid recordId, DateTimeOffset createdAt)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping))
        {
            var heartbeat = RenewLeaseAsync(recordId, renewal.Token);
            try
            {
                await next(context);
            }
            catch
            {
                // Nothing was answered: forget the key so the client can retry.
                await StopAsync(renewal, heartbeat);
                await ForgetAsync(db, recordId);
                throw;
            }
            finally
            {
                context.Response.Body = original;
            }

            await StopAsync(renewal, heartbeat);
        }

        buffer.Position = 0;
        if (context.Response.StatusCode >= 500)
        {
            await ForgetAsync(db, recordId);
        }
        else
        {
            var status = context.Response.StatusCode;
            var contentType = context.Response.ContentType;
            var location = context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null;
            var body = WithoutSecrets(await new StreamReader(buffer).ReadToEndAsync(CancellationToken.None), context.GetEndpoint()?.Metadata.GetMetadata<SecretResponseProperties>());
            var expiresAt = createdAt + options.Value.Retention;
            // Only the owner completes the record: if the lease lapsed and a retry took the key over, that one stands.
            var completed = await db.IdempotencyRecords.Where(r => r.Id == recordId && !r.Completed).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Completed, true)
                .SetProperty(r => r.ResponseStatus, status)
                .SetProperty(r => r.ResponseContentType, contentType)
                .SetProperty(r => r.ResponseLocation, location)
                .SetProperty(r => r.ResponseBody, body)
                .SetProperty(r => r.ExpiresAt, expiresAt), CancellationToken.None);
            if (completed == 0)
            {
                LogLeaseLost(logger, context.Request.Path);
            }

            buffer.Position = 0;
        }

        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Extends the owner's lease every third of its length until the request finishes or the host stops.</summary>
    private async Task RenewLeaseAsync(Guid recordId, CancellationToken cancellationToken)
    {
        var lease = options.Value.InFlightLease;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
                var until = time.GetUtcNow() + lease;
                var renewed = await db.IdempotencyRecords.Where(r => r.Id == recordId && !r.Completed)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, until), cancellationToken);
                if (renewed == 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease then lapses and a retry may run the request again, which is the safe direction.
            LogRenewalFailed(logger, ex.GetType().Name);
        }
    }

    private static async Task StopAsync(CancellationTokenSource renewal, Task heartbeat)
    {
        await renewal.CancelAsync();
        await heartbeat;
    }

    private static string? WithoutSecrets(string body, SecretResponseProperties? secrets)
    {
        if (secrets is null || string.IsNullOrEmpty(body))
        {
            return body;
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject json)
            {
                foreach (var name in secrets.Names)
                {
                    foreach (var property in json.Where(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).ToList())
                    {
                        json[property] = null;
                    }
                }

                return json.ToJsonString();
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        // Not a JSON object: nothing of it is kept rather than a secret by accident.
        return null;
    }

    private static async Task ForgetAsync(IAppDbContext db, Guid recordId) =>
        await db.IdempotencyRecords.Where(r => r.Id == recordId && !r.Completed).ExecuteDeleteAsync(CancellationToken.None);

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        context.Response.StatusCode = record.ResponseStatus ?? 200;
        context.Response.Headers[ReplayedHeader] = "true";
        if (record.ResponseLocation is { } location)
        {
            context.Response.Headers.Location = location;
            if (record.ResponseStatus == StatusCodes.Status202Accepted)
            {
                context.Response.Headers["Operation-Location"] = location;
                context.Response.Headers.RetryAfter = RunResults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (record.ResponseContentType is { } contentType)
        {
            context.Response.ContentType = contentType;
        }

        if (!string.IsNullOrEmpty(record.ResponseBody))
        {
            await context.Response.WriteAsync(record.ResponseBody, context.RequestAborted);
        }
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task ProblemAsync(HttpContext context, IProblemDetailsService problems, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = "Idempotency-Key conflict.", Detail = detail };
        problem.Extensions["code"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed the stored response for Idempotency-Key {Key}")]
    private static partial void LogReplayed(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key {Key} was in flight since {CreatedAt} and its lease lapsed (its host stopped); the request runs again")]
    private static partial void LogLeaseLapsed(ILogger logger, string key, DateTimeOffset createdAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Idempotency-Key record of {Path} was taken over after its lease lapsed; this response is not stored")]
    private static partial void LogLeaseLost(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing an Idempotency-Key lease failed ({ExceptionType})")]
    private static partial void LogRenewalFailed(ILogger logger, string exceptionType);
}
