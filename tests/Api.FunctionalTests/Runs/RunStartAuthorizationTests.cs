using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>
/// Spec T044: unaffiliated users (and members below the role) cannot start any run kind, on resources
/// that really exist, and nothing is created or published.
/// </summary>
public sealed class RunStartAuthorizationTests : ApiTestFixture
{
    private Tenant tenant = null!;
    private Guid policyId;
    private Guid backupSetId;
    private Guid backupItemId;
    private Guid finishedRunId;
    private Guid previewRunId;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync("Contoso", ("reader", TenantRole.Reader), ("operator", TenantRole.Operator));
        await CreateTenantAsync("Other MSP customer", ("outsider", TenantRole.Owner));
        var now = DateTimeOffset.UtcNow;
        await DbAsync(async db =>
        {
            var policy = new Policy { Id = Guid.NewGuid(), TenantId = tenant.Id, GraphId = "g-1", PolicyType = "deviceConfiguration", DisplayName = "Baseline", LastSeenAt = now, CreatedAt = now };
            var version = new PolicyVersion { Id = Guid.NewGuid(), PolicyId = policy.Id, TenantId = tenant.Id, VersionNumber = 1, CapturedAt = now, ContentHash = new string('a', 64), Payload = "{}", Assignments = "[]" };
            var set = new BackupSet { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Nightly", Status = BackupSetStatus.Ready, CreatedBy = "system", CreatedAt = now, ItemCount = 1 };
            var item = new BackupItem { Id = Guid.NewGuid(), BackupSetId = set.Id, TenantId = tenant.Id, PolicyId = policy.Id, PolicyType = policy.PolicyType, GraphId = policy.GraphId, DisplayName = policy.DisplayName, PolicyVersionId = version.Id, CapturedAt = now };
            db.AddRange(policy, version, set, item);
            var finished = new BulkOperationRun { Id = Guid.NewGuid(), TenantId = tenant.Id, Operation = RunOperations.PolicyCaptureSnapshot, TargetId = policy.Id, IdempotencyKey = "k-finished", RequestedBy = "system", CreatedAt = now, UpdatedAt = now };
            var preview = new RestoreRun { Id = Guid.NewGuid(), TenantId = tenant.Id, BackupSetId = set.Id, ScopeHash = new string('b', 64), IsDryRun = true, Operation = RestoreRun.OperationFor(true), IdempotencyKey = "k-preview", RequestedBy = "system", CreatedAt = now, UpdatedAt = now };
            foreach (var run in new Run[] { finished, preview })
            {
                run.MarkRunning(now, TimeSpan.FromMinutes(1));
                run.SetCounts(1, 0, 1, 0);
                run.Complete(now);
            }

            db.AddRange(finished, preview);
            await db.SaveChangesAsync();
            (policyId, backupSetId, backupItemId, finishedRunId, previewRunId) = (policy.Id, set.Id, item.Id, finished.Id, preview.Id);
        });
    }

    private IEnumerable<(string Name, string Url, string? Body, TenantRole Minimum)> Starts()
    {
        var t = $"/api/v1/tenants/{tenant.Id}";
        yield return ("inventory sync", $"{t}/policies/sync", null, TenantRole.Operator);
        yield return ("capture snapshot", $"{t}/policies/{policyId}/snapshots", null, TenantRole.Operator);
        yield return ("backup set capture", $"{t}/backup-sets", $"{{\"name\":\"x\",\"policyIds\":[\"{policyId}\"]}}", TenantRole.Operator);
        yield return ("add policies", $"{t}/backup-sets/{backupSetId}/policies", $"{{\"policyIds\":[\"{policyId}\"]}}", TenantRole.Operator);
        yield return ("restore preview", $"{t}/restore-runs", $"{{\"backupSetId\":\"{backupSetId}\",\"dryRun\":true,\"includeAssignments\":true}}", TenantRole.Operator);
        yield return ("live restore", $"{t}/restore-runs", $"{{\"backupSetId\":\"{backupSetId}\",\"backupItemIds\":[\"{backupItemId}\"],\"dryRun\":false,\"includeAssignments\":true}}", TenantRole.Owner);
        yield return ("execute preview", $"{t}/restore-runs/{previewRunId}/execute", null, TenantRole.Owner);
        yield return ("retry failed", $"{t}/runs/{finishedRunId}/retry-failed", null, TenantRole.Operator);
        yield return ("diagnostic ping", $"{t}/diagnostics/ping", null, TenantRole.Operator);
    }

    private static HttpRequestMessage Request(string url, string? body) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json"),
    };

    private Task<int> RunCountAsync() => DbAsync(async db => await db.Runs.OfType<BulkOperationRun>().CountAsync() + await db.Runs.OfType<RestoreRun>().CountAsync());

    [Test]
    public async Task An_unaffiliated_user_cannot_start_any_run_kind()
    {
        var before = await RunCountAsync();
        var client = ClientFor("outsider");
        foreach (var (name, url, body, _) in Starts())
        {
            var response = await client.SendAsync(Request(url, body));
            var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden);
            Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("forbidden"), name);
        }

        Assert.That(await RunCountAsync(), Is.EqualTo(before), "no run was created");
        Assert.That(await DbAsync(db => db.BackupSets.CountAsync()), Is.EqualTo(1), "no backup set was created");
        Assert.That(Factory.Harness.Published.Select(m => m.MessageType.Namespace == "TenantAtlas.Application.Contracts").Any(), Is.False, "nothing was published");
    }

    [Test]
    public async Task Members_below_the_required_role_cannot_start()
    {
        var before = await RunCountAsync();
        foreach (var (name, url, body, minimum) in Starts())
        {
            foreach (var (subject, role) in new[] { ("reader", TenantRole.Reader), ("operator", TenantRole.Operator) })
            {
                if (role >= minimum)
                {
                    continue;
                }

                var response = await ClientFor(subject).SendAsync(Request(url, body));
                await response.ReadProblemAsync(HttpStatusCode.Forbidden);
                Assert.That(await RunCountAsync(), Is.EqualTo(before), $"{name} as {role}");
            }
        }
    }
}
