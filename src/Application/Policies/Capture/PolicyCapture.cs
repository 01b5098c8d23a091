using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Policies.Capture;

/// <summary>
/// Captures one policy: reads payload and assignments through the Graph reader, normalises and hashes
/// them, and stores the next <see cref="PolicyVersion"/>, or reuses the latest version when its hash is
/// unchanged. Shared by capture snapshot and backup set capture, so both store payloads the same way.
/// </summary>
public sealed class PolicyCapture(IGraphReader graph, TimeProvider time)
{
    private const int MaxVersionAttempts = 5;

    /// <summary>
    /// Captures the policy. Graph failures (including 404, reported by the reader as null) surface as
    /// <see cref="GraphException"/> carrying only the sanitized error.
    /// </summary>
    public async Task<PolicyCaptureResult> CaptureAsync(
        IAppDbContext db, GraphTenant tenant, Policy policy, Guid runId, CancellationToken cancellationToken)
    {
        var type = PolicyTypes.Find(policy.PolicyType)
            ?? throw new GraphException(new GraphError(GraphErrorCodes.BadRequest, $"Policy type '{policy.PolicyType}' is not supported.", null, null, null));
        var read = await graph.GetPolicyAsync(tenant, type, policy.GraphId, cancellationToken)
            ?? throw new GraphException(new GraphError(GraphErrorCodes.NotFound, "The policy was not found in the tenant.", 404, "ResourceNotFound", null));
        return await StoreAsync(db, policy, read, runId, cancellationToken);
    }

    /// <summary>
    /// Stores what was read from Graph as the policy's next version, or reuses the latest version when its hash
    /// is unchanged (a restore records the state it restored through this as well).
    /// </summary>
    public async Task<PolicyCaptureResult> StoreAsync(IAppDbContext db, Policy policy, GraphPolicy read, Guid runId, CancellationToken cancellationToken)
    {
        var prepared = Prepare(read);
        for (var attempt = 1; ; attempt++)
        {
            var latest = await db.PolicyVersions.AsNoTracking()
                .Where(v => v.PolicyId == policy.Id)
                .OrderByDescending(v => v.VersionNumber)
                .FirstOrDefaultAsync(cancellationToken);
            if (latest is not null && latest.ContentHash == prepared.Hash)
            {
                return new PolicyCaptureResult(latest, Unchanged: true);
            }

            var version = NewVersion(policy, prepared, latest?.VersionNumber ?? 0, runId);
            db.PolicyVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new PolicyCaptureResult(version, Unchanged: false);
            }
            catch (DbUpdateException ex) when (db.IsUniqueViolation(ex) && attempt < MaxVersionAttempts)
            {
                // Another run captured the same policy at the same moment; re-read its version and compare.
                if (db is DbContext context)
                {
                    context.Entry(version).State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>Normalises and hashes what was read, once, before any database work.</summary>
    public static PreparedPolicyVersion Prepare(GraphPolicy read)
    {
        var payload = PolicyPayload.Normalize(read.Payload);
        var assignments = PolicyPayload.NormalizeAssignments(read.Assignments);
        var payloadJson = payload.ToJsonString();
        var assignmentsJson = assignments.ToJsonString();
        var hash = PolicyPayload.ComputeHashOfNormalizedJson(payloadJson, assignmentsJson);
        return new PreparedPolicyVersion(hash, payloadJson, assignmentsJson, payload["roleScopeTagIds"]?.ToJsonString());
    }

    /// <summary>The version that follows <paramref name="latestVersionNumber"/> (0: none yet) with the prepared content.</summary>
    public PolicyVersion NewVersion(Policy policy, PreparedPolicyVersion prepared, int latestVersionNumber, Guid runId)
    {
        var now = time.GetUtcNow();
        return new PolicyVersion
        {
            Id = Guid.CreateVersion7(now),
            PolicyId = policy.Id,
            TenantId = policy.TenantId,
            VersionNumber = latestVersionNumber + 1,
            CapturedAt = now,
            CapturedByRunId = runId,
            ContentHash = prepared.Hash,
            Payload = prepared.Payload,
            Assignments = prepared.Assignments,
            ScopeTagIds = prepared.ScopeTagIds,
        };
    }

    /// <summary>
    /// Captures the policy and turns the outcome into its run item: Succeeded (captured or unchanged) or
    /// Failed with the sanitized Graph error. The version is null when the capture failed.
    /// </summary>
    public async Task<(RunItem Item, PolicyVersion? Version)> CaptureItemAsync(
        IAppDbContext db, GraphTenant tenant, Policy policy, Guid runId, CancellationToken cancellationToken)
    {
        var item = NewItem(policy);
        try
        {
            var result = await CaptureAsync(db, tenant, policy, runId, cancellationToken);
            item.Status = RunItemStatus.Succeeded;
            item.Action = result.Unchanged ? RunItemAction.Unchanged : RunItemAction.Captured;
            return (item, result.Version);
        }
        catch (GraphException ex)
        {
            return (Failed(item, ex.Error), null);
        }
    }

    /// <summary>Reads the policies (all of supported types) in one $batch request per 20; one answer per policy, in order.</summary>
    public Task<IReadOnlyList<GraphPolicyReadResult>> ReadAsync(GraphTenant tenant, IReadOnlyList<Policy> policies, CancellationToken cancellationToken) =>
        graph.GetPoliciesAsync(tenant, [.. policies.Select(p => new GraphPolicyRef(PolicyTypes.Get(p.PolicyType), p.GraphId))], cancellationToken);

    /// <summary>
    /// Turns one answer of a batched read (<see cref="IGraphReader.GetPoliciesAsync"/>) into the policy's run item
    /// and version, as <see cref="CaptureItemAsync"/> does for a single read.
    /// </summary>
    public async Task<(RunItem Item, PolicyVersion? Version)> ItemFromReadAsync(
        IAppDbContext db, Policy policy, GraphPolicyReadResult read, Guid runId, CancellationToken cancellationToken)
    {
        var item = NewItem(policy);
        if (read.Error is { } error)
        {
            return (Failed(item, error), null);
        }

        if (read.Policy is null)
        {
            return (Failed(item, new GraphError(GraphErrorCodes.NotFound, "The policy was not found in the tenant.", 404, "ResourceNotFound", null)), null);
        }

        var result = await StoreAsync(db, policy, read.Policy, runId, cancellationToken);
        item.Status = RunItemStatus.Succeeded;
        item.Action = result.Unchanged ? RunItemAction.Unchanged : RunItemAction.Captured;
        return (item, result.Version);
    }

    public static RunItem NewItem(Policy policy) => new()
    {
        ItemKey = ItemKey(policy.Id),
        DisplayName = policy.DisplayName,
        PolicyType = policy.PolicyType,
        GraphId = policy.GraphId,
        Status = RunItemStatus.Pending,
    };

    public static string ItemKey(Guid policyId) => policyId.ToString("D");

    /// <summary>Copies only the sanitized parts of the error onto the item.</summary>
    public static RunItem Failed(RunItem item, GraphError error)
    {
        item.Status = RunItemStatus.Failed;
        item.Action = RunItemAction.Failed;
        item.ErrorCode = error.Code;
        item.ErrorMessage = error.Message;
        item.ErrorHttpStatus = error.HttpStatus;
        item.ErrorRequestId = error.RequestId;
        return item;
    }

    public static bool IsFinal(RunItem item) => item.Status is RunItemStatus.Succeeded or RunItemStatus.Failed or RunItemStatus.Skipped;
}

/// <summary>A policy's normalised payload and assignments (as stored) and their content hash.</summary>
public sealed record PreparedPolicyVersion(string Hash, string Payload, string Assignments, string? ScopeTagIds);
