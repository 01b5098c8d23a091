using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.Capture;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Policies.CaptureSnapshot;

/// <summary>
/// The <c>policy.capture_snapshot</c> run (spec T013): one item, the policy the run targets, captured as
/// a new version or recorded unchanged. A Graph failure fails the item (and so the run) with a safe error.
/// </summary>
public sealed class CapturePolicySnapshotJob(PolicyCapture capture, IGraphFeatures features) : IRunJob
{
    public const string PolicyNotFoundCode = "policy.not_found";

    public async Task RunAsync(RunContext context, CancellationToken ct)
    {
        var run = context.RunAs<BulkOperationRun>();
        var tenant = await context.UseDbAsync((db, c) => GraphTenants.ResolveAsync(db, run.TenantId, c), ct);
        var policy = run.TargetId is { } policyId
            ? await context.UseDbAsync((db, c) => db.Policies.AsNoTracking()
                .FirstOrDefaultAsync(p => p.Id == policyId && p.TenantId == run.TenantId, c), ct)
            : null;
        if (policy is null)
        {
            throw new RunFaultException(PolicyNotFoundCode, "The policy of this run no longer exists.");
        }

        await context.SetTotalAsync(1, ct);
        if (context.PreviousItems.TryGetValue(PolicyCapture.ItemKey(policy.Id), out var previous) && PolicyCapture.IsFinal(previous))
        {
            return;
        }

        if (PolicyTypes.Find(policy.PolicyType) is { } type && !features.Supports(tenant, type))
        {
            var disabled = PolicyCapture.NewItem(policy);
            disabled.Status = RunItemStatus.Skipped;
            disabled.Action = RunItemAction.Skipped;
            disabled.SkipReason = GraphFeatures.DisabledCode;
            await context.RecordItemAsync(disabled, ct);
            return;
        }

        var (item, _) = await context.UseDbAsync((db, c) => capture.CaptureItemAsync(db, tenant, policy, run.Id, c), ct);
        await context.RecordItemAsync(item, ct);
    }
}
