using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs.StartPing;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.Infrastructure.Messaging;
using TenantAtlas.Infrastructure.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>The declarations of run kinds are complete, and an incomplete one is refused at start.</summary>
public sealed class RunKindsTests
{
    [Test]
    public void Every_operation_is_declared_once_with_a_job_a_message_and_a_retry_rule()
    {
        Assert.That(RunKinds.Validate(RunKinds.All, RunOperations.All), Is.Empty);
        Assert.That(RunKinds.All.Select(k => k.Operation), Is.EquivalentTo(RunOperations.All));
        foreach (var kind in RunKinds.All)
        {
            var message = kind.CreateMessage(Guid.NewGuid(), Guid.NewGuid());
            Assert.That(message.GetType(), Is.EqualTo(kind.MessageType), kind.Operation);
            Assert.That(typeof(IRunJob).IsAssignableFrom(kind.JobType), kind.Operation);
            Assert.That(kind.Retry, Is.Not.Null, kind.Operation);
        }
    }

    [Test]
    public void Live_restore_alone_needs_the_owner_role_to_start()
    {
        Assert.That(RunKinds.All.Where(k => k.StartRole == TenantRole.Owner).Select(k => k.Operation), Is.EqualTo(new[] { RunOperations.Restore }));
    }

    [Test]
    public void A_missing_declaration_job_or_retry_rule_is_reported()
    {
        var incomplete = RunKinds.All.Where(k => k.Operation != RunOperations.PolicySync).ToList();
        incomplete.Add(RunKindDefinition.Declare<DiagnosticPing, DiagnosticPingJob, BulkOperationRun>(
            operation: "test.no_retry", target: RunTarget.Tenant, startRole: TenantRole.Operator,
            message: (run, tenant) => new DiagnosticPing(run, tenant), retry: null!));

        var problems = RunKinds.Validate(incomplete, RunOperations.All.Append("test.no_retry"));
        Assert.That(problems, Has.Some.Contains("'policy.sync' has no run kind declaration"));
        Assert.That(problems, Has.Some.Contains("'test.no_retry' has no retry rule"));
        Assert.That(problems, Has.Some.Contains("DiagnosticPing is declared by several kinds"));
    }

    [Test]
    public void The_start_up_check_fails_when_a_job_or_a_consumer_is_missing()
    {
        // A container with no job registered and a bus that consumes only one of the messages.
        using var services = new ServiceCollection().BuildServiceProvider();
        var consumers = new RunConsumerCatalog();
        consumers.Add([typeof(SyncPolicyInventory)]);

        var problems = RunKindsStartupCheck.Check(RunKinds.All, RunOperations.All, services.GetRequiredService<IServiceScopeFactory>(), consumers);

        Assert.That(problems, Has.Some.Contains("its job DiagnosticPingJob is not registered"));
        Assert.That(problems, Has.Some.Contains("no consumer of CaptureBackupSet is registered"));
        Assert.That(problems, Has.None.Contains("no consumer of SyncPolicyInventory"));
        Assert.That(problems.Count(p => p.Contains("is not registered") && p.Contains("its job")), Is.EqualTo(RunKinds.All.Count));
    }

    [Test]
    public void The_start_up_check_passes_for_the_declared_kinds_when_everything_is_registered()
    {
        var collection = new ServiceCollection();
        foreach (var kind in RunKinds.All)
        {
            // Each job with stand-ins for its collaborators is enough to prove the declaration resolves by type.
            collection.AddScoped(kind.JobType, _ => System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(kind.JobType));
        }

        using var services = collection.BuildServiceProvider();
        var consumers = new RunConsumerCatalog();
        consumers.Add(RunKinds.All.Select(k => k.MessageType));
        Assert.That(RunKindsStartupCheck.Check(RunKinds.All, RunOperations.All, services.GetRequiredService<IServiceScopeFactory>(), consumers), Is.Empty);
    }
}
