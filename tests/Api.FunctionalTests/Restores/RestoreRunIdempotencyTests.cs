using System.Net;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>Spec T017: identical restore starts (tenant + backup set + scope) reuse the active run; another scope creates another.</summary>
public sealed class RestoreRunIdempotencyTests : ApiTestFixture
{
    private Tenant tenant = null!;
    private BackupSet set = null!;
    private HttpClient owner = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync("Contoso", ("olivia", TenantRole.Owner));
        owner = ClientFor("olivia");
    }

    [SetUp]
    public async Task FreshSet() => set = await RestoreScenario.SeedBackupSetAsync(Factory, tenant.Id, items: 3);

    [Test]
    public async Task Second_identical_start_returns_the_active_run_when_one_is_queued()
    {
        var first = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: false);
        var second = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: false);

        Assert.That(first.Reused, Is.False);
        Assert.That(second.Reused, Is.True);
        Assert.That(second.Id, Is.EqualTo(first.Id));
        var runs = await DbAsync(db => Task.FromResult(db.Runs.OfType<RestoreRun>().Count(r => r.BackupSetId == set.Id)));
        Assert.That(runs, Is.EqualTo(1));
        Assert.That(Factory.Harness.Published.Select<ExecuteRestoreRun>().Count(m => m.Context.Message.RunId == first.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task Same_selection_in_another_order_reuses_the_active_run()
    {
        var items = (await RestoreScenario.ItemsAsync(Factory, set.Id)).Select(i => i.Id).ToList();
        var first = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: false, itemIds: items);
        var second = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: false, itemIds: Enumerable.Reverse(items));

        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That(second.Reused, Is.True);
    }

    [Test]
    public async Task A_different_scope_creates_another_run()
    {
        var items = (await RestoreScenario.ItemsAsync(Factory, set.Id)).Select(i => i.Id).ToList();
        var whole = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: false);
        var selection = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: false, itemIds: items.Take(1));
        var withoutAssignments = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: false, includeAssignments: false);
        var preview = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: true);

        var ids = new[] { whole.Id, selection.Id, withoutAssignments.Id, preview.Id };
        Assert.That(ids.Distinct().Count(), Is.EqualTo(4));
        Assert.That(new[] { selection.Reused, withoutAssignments.Reused, preview.Reused }, Is.All.False);
        Assert.That(selection.Restore!.BackupItemIds, Is.EqualTo(items.Take(1)));
    }

    [Test]
    public async Task A_finished_run_is_not_reused()
    {
        var first = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: true);
        var cancel = await owner.PostAsync($"/api/v1/tenants/{tenant.Id}/runs/{first.Id}/cancel", null);
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var second = await RestoreScenario.StartAsync(owner, tenant.Id, set.Id, dryRun: true);

        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
        Assert.That(second.Reused, Is.False);
    }
}
