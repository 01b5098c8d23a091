using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>Spec T044 for restores: who may start a preview, a live restore, or execute a preview; bad input is 400.</summary>
public sealed class RestoreRunStartAuthorizationTests : ApiTestFixture
{
    private Tenant tenant = null!;
    private Tenant other = null!;
    private BackupSet set = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync("Contoso", ("olivia", TenantRole.Owner), ("oscar", TenantRole.Operator), ("rita", TenantRole.Reader));
        other = await CreateTenantAsync("Fabrikam", ("mallory", TenantRole.Owner));
        set = await RestoreScenario.SeedBackupSetAsync(Factory, tenant.Id);
    }

    private Task<HttpResponseMessage> PostAsync(string subject, object body) =>
        ClientFor(subject).PostJsonAsync($"/api/v1/tenants/{tenant.Id}/restore-runs", body);

    private Task<int> RestoreRunCountAsync() => DbAsync(db => Task.FromResult(db.Runs.OfType<RestoreRun>().Count(r => r.TenantId == tenant.Id)));

    [Test]
    public async Task Non_member_cannot_start_a_restore_or_a_preview()
    {
        var before = await RestoreRunCountAsync();
        foreach (var dryRun in new[] { true, false })
        {
            var response = await PostAsync("mallory", new { backupSetId = set.Id, dryRun });
            var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden);
            Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("forbidden"));
        }

        Assert.That(await RestoreRunCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Operator_cannot_start_a_live_restore()
    {
        var before = await RestoreRunCountAsync();
        var response = await PostAsync("oscar", new { backupSetId = set.Id, dryRun = false });
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await RestoreRunCountAsync(), Is.EqualTo(before));
        Assert.That(Factory.Harness.Published.Select<ExecuteRestoreRun>().Any(m => m.Context.Message.TenantId == tenant.Id), Is.False);
    }

    [Test]
    public async Task Operator_can_start_a_preview()
    {
        var response = await PostAsync("oscar", new { backupSetId = set.Id, dryRun = true, includeAssignments = true });
        var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(run.Operation, Is.EqualTo(RunOperations.RestorePreview));
        Assert.That(run.Restore!.DryRun, Is.True);
    }

    [Test]
    public async Task Reader_cannot_start_a_preview()
    {
        var response = await PostAsync("rita", new { backupSetId = set.Id, dryRun = true });
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Owner_can_start_a_live_restore()
    {
        var response = await PostAsync("olivia", new { backupSetId = set.Id, dryRun = false, includeAssignments = false });
        var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(run.Operation, Is.EqualTo(RunOperations.Restore));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}"));
    }

    [Test]
    public async Task Operator_cannot_execute_a_preview()
    {
        var preview = await RestoreScenario.StartAsync(ClientFor("oscar"), tenant.Id, set.Id, dryRun: true, includeAssignments: false);
        var response = await ClientFor("oscar").PostAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{preview.Id}/execute", null);
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Executing_a_preview_that_has_not_finished_is_a_conflict()
    {
        var preview = await RestoreScenario.StartAsync(ClientFor("oscar"), tenant.Id, set.Id, dryRun: true, includeAssignments: true);
        var response = await ClientFor("olivia").PostAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{preview.Id}/execute", null);
        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("restore.preview_not_finished"));
    }

    [TestCase("{}", "backupSetId")]
    [TestCase("{\"backupSetId\":\"6f0e8f8e-0000-4000-8000-000000000001\"}", "dryRun")]
    [TestCase("{\"backupSetId\":\"6f0e8f8e-0000-4000-8000-000000000001\",\"dryRun\":true,\"backupItemIds\":[]}", "backupItemIds")]
    public async Task Bad_input_is_a_validation_problem(string body, string field)
    {
        var client = ClientFor("olivia");
        var response = await client.PostAsync($"/api/v1/tenants/{tenant.Id}/restore-runs",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        Assert.That(problem["errors"]!.AsObject().ContainsKey(field), Is.True, problem.ToJsonString());
    }

    [Test]
    public async Task Items_of_another_backup_set_are_rejected()
    {
        var response = await PostAsync("olivia", new { backupSetId = set.Id, dryRun = true, backupItemIds = new[] { Guid.NewGuid() } });
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().ContainsKey("backupItemIds"), Is.True);
    }

    [Test]
    public async Task A_backup_set_of_another_tenant_is_not_found()
    {
        var foreign = await RestoreScenario.SeedBackupSetAsync(Factory, other.Id, items: 1);
        var response = await PostAsync("olivia", new { backupSetId = foreign.Id, dryRun = true });
        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_backup_set_still_capturing_cannot_be_restored()
    {
        var capturing = await RestoreScenario.SeedBackupSetAsync(Factory, tenant.Id, items: 1, status: BackupSetStatus.Capturing);
        var response = await PostAsync("olivia", new { backupSetId = capturing.Id, dryRun = true });
        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("restore.backup_set_not_ready"));
    }
}
