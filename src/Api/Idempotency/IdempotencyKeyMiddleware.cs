using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
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
/// </summary>
public sealed partial class IdempotencyKeyMiddleware(RequestDelegate next, TimeProvider time, ILogger<IdempotencyKeyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

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
        var record = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, context.RequestAborted);
        if (record is not null && record.ExpiresAt <= now)
        {
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync(context.RequestAborted);
            record = null;
        }

        if (record is null)
        {
            record = new IdempotencyRecord
            {
                Id = Guid.CreateVersion7(now), Caller = caller, Key = key, Fingerprint = fingerprint, CreatedAt = now, ExpiresAt = now + Lifetime,
            };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
                await ExecuteAndStoreAsync(context, db, record);
                return;
            }
            catch (Exception ex) when (db.IsUniqueViolation(ex))
            {
                // A concurrent request with the same key won the insert: it is in flight (or just finished).
                db.IdempotencyRecords.Entry(record).State = EntityState.Detached;
                record = await db.IdempotencyRecords.AsNoTracking().FirstAsync(r => r.Caller == caller && r.Key == key, context.RequestAborted);
            }
        }

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

    private async Task ExecuteAndStoreAsync(HttpContext context, IAppDbContext db, IdempotencyRecord record)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // Nothing was answered: forget the key so the client can retry.
            await ForgetAsync(db, record);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        buffer.Position = 0;
        if (context.Response.StatusCode >= 500)
        {
            await ForgetAsync(db, record);
        }
        else
        {
            record.Completed = true;
            record.ResponseStatus = context.Response.StatusCode;
            record.ResponseContentType = context.Response.ContentType;
            record.ResponseLocation = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
            record.ResponseBody = await new StreamReader(buffer).ReadToEndAsync(CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            buffer.Position = 0;
        }

        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ForgetAsync(IAppDbContext db, IdempotencyRecord record)
    {
        db.IdempotencyRecords.Remove(record);
        await db.SaveChangesAsync(CancellationToken.None);
    }

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
}
