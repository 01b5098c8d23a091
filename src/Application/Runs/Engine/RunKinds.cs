using TenantAtlas.Application.BackupSets.AddPolicies;
using TenantAtlas.Application.BackupSets.Create;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Drift;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.Policies.Sync;
using TenantAtlas.Application.Restores.Start;
using TenantAtlas.Application.Runs.StartPing;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// The one list of run kinds. Adding a kind is a line here plus its message, its job and its operation
/// name (docs/run-kinds.md); consumers, job registrations, the dispatcher and retry-failed follow from it,
/// and <see cref="Validate"/> refuses an incomplete declaration when a host starts.
/// </summary>
public static class RunKinds
{
    public static readonly IReadOnlyList<RunKindDefinition> All =
    [
        RunKindDefinition.Declare<SyncPolicyInventory, SyncPolicyInventoryJob, BulkOperationRun>(
            operation: RunOperations.PolicySync, target: RunTarget.Tenant, startRole: TenantRole.Operator,
            message: (run, tenant) => new SyncPolicyInventory(run, tenant),
            retry: RunRetryRule.Start<BulkOperationRun>((run, _) => new StartPolicySyncCommand(run.TenantId))),
        RunKindDefinition.Declare<CapturePolicySnapshot, CapturePolicySnapshotJob, BulkOperationRun>(
            operation: RunOperations.PolicyCaptureSnapshot, target: RunTarget.Policy, startRole: TenantRole.Operator,
            message: (run, tenant) => new CapturePolicySnapshot(run, tenant),
            retry: RunRetryRule.Start<BulkOperationRun>((run, _) =>
                run.TargetId is { } policyId ? new CapturePolicySnapshotCommand(run.TenantId, policyId) : null)),
        RunKindDefinition.Declare<CaptureBackupSet, CaptureBackupSetJob, BulkOperationRun>(
            operation: RunOperations.BackupSetCapture, target: RunTarget.BackupSet, startRole: TenantRole.Operator,
            message: (run, tenant) => new CaptureBackupSet(run, tenant),
            retry: RunRetryRule.Start<BulkOperationRun>(RetryIntoSet)),
        RunKindDefinition.Declare<AddPoliciesToBackupSet, AddPoliciesToBackupSetJob, BulkOperationRun>(
            operation: RunOperations.BackupSetAddPolicies, target: RunTarget.BackupSet, startRole: TenantRole.Operator,
            message: (run, tenant) => new AddPoliciesToBackupSet(run, tenant),
            retry: RunRetryRule.Start<BulkOperationRun>(RetryIntoSet)),
        RunKindDefinition.Declare<ExecuteRestoreRun, ExecuteRestoreRunJob, RestoreRun>(
            operation: RunOperations.Restore, target: RunTarget.BackupSet, startRole: TenantRole.Owner,
            message: (run, tenant) => new ExecuteRestoreRun(run, tenant),
            retry: RunRetryRule.Start<RestoreRun>(RetryRestore)),
        RunKindDefinition.Declare<GenerateRestorePreview, GenerateRestorePreviewJob, RestoreRun>(
            operation: RunOperations.RestorePreview, target: RunTarget.BackupSet, startRole: TenantRole.Operator,
            message: (run, tenant) => new GenerateRestorePreview(run, tenant),
            retry: RunRetryRule.Start<RestoreRun>(RetryRestore)),
        RunKindDefinition.Declare<DiagnosticPing, DiagnosticPingJob, BulkOperationRun>(
            operation: RunOperations.DiagnosticPing, target: RunTarget.Tenant, startRole: TenantRole.Operator,
            message: (run, tenant) => new DiagnosticPing(run, tenant),
            retry: RunRetryRule.NotRetryable),
        RunKindDefinition.Declare<CheckPolicyDrift, PolicyDriftJob, BulkOperationRun>(
            operation: RunOperations.PolicyDriftCheck, target: RunTarget.BackupSet, startRole: TenantRole.Operator,
            message: (run, tenant) => new CheckPolicyDrift(run, tenant),
            retry: RunRetryRule.NotRetryable),
    ];

    private static readonly Dictionary<string, RunKindDefinition> ByOperation =
        All.GroupBy(k => k.Operation, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>The declaration of the operation, or null for an unknown one.</summary>
    public static RunKindDefinition? Find(string operation) => ByOperation.GetValueOrDefault(operation);

    public static RunKindDefinition For(Run run) =>
        Find(run.Operation) ?? throw new InvalidOperationException($"No run kind is declared for operation '{run.Operation}'.");

    /// <summary>
    /// What is wrong with a list of declarations (empty when nothing is): every operation of
    /// <see cref="RunOperations.All"/> declared exactly once, each with a job, a message of its own, a run
    /// shape and a retry rule.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<RunKindDefinition> kinds, IEnumerable<string> operations)
    {
        var problems = new List<string>();
        foreach (var operation in operations.Where(o => kinds.All(k => k.Operation != o)))
        {
            problems.Add($"Operation '{operation}' has no run kind declaration.");
        }

        foreach (var duplicate in kinds.GroupBy(k => k.Operation).Where(g => g.Count() > 1))
        {
            problems.Add($"Operation '{duplicate.Key}' is declared {duplicate.Count()} times.");
        }

        foreach (var shared in kinds.Where(k => k.MessageType is not null).GroupBy(k => k.MessageType).Where(g => g.Count() > 1))
        {
            problems.Add($"Message {shared.Key.Name} is declared by several kinds ({string.Join(", ", shared.Select(k => k.Operation))}); each kind needs its own.");
        }

        foreach (var kind in kinds)
        {
            if (kind.JobType is null || !typeof(IRunJob).IsAssignableFrom(kind.JobType) || kind.JobType.IsAbstract)
            {
                problems.Add($"Run kind '{kind.Operation}' has no job (a concrete {nameof(IRunJob)}).");
            }

            if (kind.MessageType is null || !typeof(IRunMessage).IsAssignableFrom(kind.MessageType))
            {
                problems.Add($"Run kind '{kind.Operation}' has no message (an {nameof(IRunMessage)}).");
            }

            if (kind.RunType is null || !typeof(Run).IsAssignableFrom(kind.RunType) || kind.RunType.IsAbstract)
            {
                problems.Add($"Run kind '{kind.Operation}' has no run shape (a concrete {nameof(Run)}).");
            }

            if (kind.Retry is null)
            {
                problems.Add($"Run kind '{kind.Operation}' has no retry rule (use {nameof(RunRetryRule)}.{nameof(RunRetryRule.NotRetryable)} to say it has none).");
            }
        }

        return problems;
    }

    private static AddPoliciesToBackupSetCommand? RetryIntoSet(BulkOperationRun run, IReadOnlyList<string> failed) =>
        run.TargetId is { } setId ? new AddPoliciesToBackupSetCommand(run.TenantId, setId, RunRetryRule.Ids(failed)) : null;

    private static StartRestoreRunCommand RetryRestore(RestoreRun run, IReadOnlyList<string> failed) =>
        new(run.TenantId, run.BackupSetId, RunRetryRule.Ids(failed), run.IsDryRun, run.IncludeAssignments)
        {
            // A cross-tenant run retries as one, with its options.
            SourceTenantId = run.IsCrossTenant ? run.SourceTenantId : null,
            UnmappedAssignments = run.IsCrossTenant ? (run.FailOnUnmappedReferences ? StartRestoreRunCommand.Fail : StartRestoreRunCommand.Drop) : null,
            CreateMissingReferences = run.IsCrossTenant && run.CreateMissingReferences,
        };
}
