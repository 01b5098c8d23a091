using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// Dedupe of runs while they are Queued or Running. The filtered unique index on IdempotencyKey
/// (Status in Queued, Running) is the real guard: two concurrent identical starts cannot both insert,
/// and the loser re-reads and returns the winner.
/// </summary>
public static class RunIdempotency
{
    private const int MaxStartAttempts = 5;

    /// <summary>Key = {tenantId}:{operation}:{targetId}[:{scopeHash}].</summary>
    public static string BuildKey(Guid tenantId, string operation, Guid? targetId, string? scopeHash = null)
    {
        var key = $"{tenantId:D}:{operation}:{(targetId is { } t ? t.ToString("D") : "-")}";
        return scopeHash is null ? key : $"{key}:{scopeHash}";
    }

    /// <summary>
    /// SHA-256 (hex) of the sorted, distinct item ids plus flags. Order of ids does not matter;
    /// flag names are part of the hash so dryRun=true and includeAssignments=true differ.
    /// </summary>
    public static string ScopeHash(IEnumerable<string>? itemIds, params (string Name, object? Value)[] flags)
    {
        var builder = new StringBuilder();
        if (itemIds is null)
        {
            builder.Append("items=*");
        }
        else
        {
            builder.Append("items=");
            builder.AppendJoin(',', itemIds.Select(i => i.Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
        }

        foreach (var (name, value) in flags.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            builder.Append(';').Append(name).Append('=').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.ToLowerInvariant());
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    public static Task<Run?> FindActiveAsync(IQueryable<Run> runs, string key, CancellationToken cancellationToken) =>
        runs.AsNoTracking()
            .Where(r => r.IdempotencyKey == key && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Returns the active run with the candidate's key, or inserts the candidate (with whatever else
    /// is pending in the context, e.g. its first notification) and returns it.
    /// </summary>
    public static async Task<RunStartResult> CreateOrReuseAsync(
        IAppDbContext db, Run candidate, Action? beforeInsert, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var active = await FindActiveAsync(db.Runs, candidate.IdempotencyKey, cancellationToken);
            if (active is not null)
            {
                return new RunStartResult(active, Reused: true);
            }

            db.Runs.Add(candidate);
            beforeInsert?.Invoke();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new RunStartResult(candidate, Reused: false);
            }
            catch (Exception ex) when (db.IsUniqueViolation(ex) && attempt < MaxStartAttempts)
            {
                // Lost the race: another request inserted the active run first. Forget what we added
                // and read the winner on the next pass.
                DetachAdded(db);
            }
        }
    }

    private static void DetachAdded(IAppDbContext db)
    {
        if (db is DbContext context)
        {
            foreach (var entry in context.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }
        }
    }
}
