using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Runs.GetActiveRuns;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

using AppDbContext = TenantAtlas.Infrastructure.Persistence.AppDbContext;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>GET /api/v1/runs/active: active runs of both kinds across exactly the tenants the caller may see.</summary>
public sealed class ActiveRunsTests : ApiTestFixture
{
    private async Task<RunDto> PingAsync(Tenant tenant, string subject) =>
        await (await ClientFor(subject).PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null))
            .ReadAsync<RunDto>(HttpStatusCode.Accepted);

    /// <summary>A restore run in the given state, written straight to the database.</summary>
    private async Task<RestoreRun> SeedRestoreAsync(Tenant tenant, bool running, bool finished = false)
    {
        var set = await Restores.RestoreScenario.SeedBackupSetAsync(Factory, tenant.Id, items: 1);
        return await DbAsync(async db => await AddRestoreAsync(db, tenant, set.Id, running, finished));
    }

    private static async Task<RestoreRun> AddRestoreAsync(AppDbContext db, Tenant tenant, Guid backupSetId, bool running, bool finished)
    {
        var now = DateTimeOffset.UtcNow;
        var run = new RestoreRun
        {
            Id = Guid.NewGuid(), TenantId = tenant.Id, BackupSetId = backupSetId, ScopeHash = "h", IsDryRun = true, Operation = RestoreRun.OperationFor(true),
            IdempotencyKey = $"seed:{Guid.NewGuid()}", RequestedBy = "test", CreatedAt = now, UpdatedAt = now,
        };
        if (running || finished)
        {
            run.MarkRunning(now, TimeSpan.FromMinutes(5));
            run.SetCounts(4, 1, 0, 0);
        }

        if (finished)
        {
            run.SetCounts(4, 4, 0, 0);
            run.Complete(now);
        }

        db.Runs.Add(run);
        await db.SaveChangesAsync();
        return run;
    }

    [Test]
    public async Task Lists_queued_and_running_runs_of_both_kinds_in_every_tenant_of_the_user_and_nothing_else()
    {
        var contoso = await CreateTenantAsync("Contoso");
        var fabrikam = await CreateTenantAsync("Fabrikam");
        var northwind = await CreateTenantAsync("Northwind");
        await AddMemberAsync(contoso.Id, "mia", TenantRole.Reader);
        await AddMemberAsync(fabrikam.Id, "mia", TenantRole.Operator);
        await AddMemberAsync(contoso.Id, "op", TenantRole.Operator);
        await AddMemberAsync(northwind.Id, "nina", TenantRole.Owner);

        var queuedInContoso = await PingAsync(contoso, "op");
        var queuedInFabrikam = await PingAsync(fabrikam, "mia");
        var runningRestore = await SeedRestoreAsync(fabrikam, running: true);
        await SeedRestoreAsync(fabrikam, running: false, finished: true);
        var foreign = await PingAsync(northwind, "nina");

        var runs = (await (await ClientFor("mia").GetAsync("/api/v1/runs/active")).ReadAsync<PagedResult<ActiveRunDto>>(HttpStatusCode.OK)).Items;

        Assert.That(runs.Select(r => r.Id), Is.EquivalentTo(new[] { queuedInContoso.Id, queuedInFabrikam.Id, runningRestore.Id }));
        Assert.That(runs.Select(r => r.Id), Does.Not.Contain(foreign.Id));
        var restore = runs.Single(r => r.Id == runningRestore.Id);
        Assert.That((restore.Kind, restore.Operation, restore.Status, restore.TenantId, restore.TenantName),
            Is.EqualTo((RunKind.Restore, RunOperations.RestorePreview, RunStatus.Running, fabrikam.Id, "Fabrikam")));
        Assert.That((restore.Total, restore.Processed, restore.PercentComplete), Is.EqualTo((4, 1, 25)));
        var ping = runs.Single(r => r.Id == queuedInContoso.Id);
        Assert.That((ping.Kind, ping.Operation, ping.Status, ping.TenantName), Is.EqualTo((RunKind.BulkOperation, RunOperations.DiagnosticPing, RunStatus.Queued, "Contoso")));
        Assert.That(ping.Link, Is.EqualTo($"/api/v1/tenants/{contoso.Id}/runs/{ping.Id}"));
    }

    [Test]
    public async Task An_api_key_sees_only_its_own_tenant_and_a_user_without_tenants_sees_an_empty_list()
    {
        var contoso = await CreateTenantAsync("Contoso");
        var fabrikam = await CreateTenantAsync("Fabrikam");
        await AddMemberAsync(contoso.Id, "owner", TenantRole.Owner);
        await AddMemberAsync(fabrikam.Id, "owner", TenantRole.Owner);
        var key = await (await ClientFor("owner").PostJsonAsync($"/api/v1/tenants/{contoso.Id}/api-keys", new { name = "psa", role = "Reader" }))
            .ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        var mine = await PingAsync(contoso, "owner");
        await PingAsync(fabrikam, "owner");

        var asKey = (await (await Factory.CreateApiKeyClient(key.Secret).GetAsync("/api/v1/runs/active")).ReadAsync<PagedResult<ActiveRunDto>>(HttpStatusCode.OK)).Items;
        var asStranger = await (await ClientFor("stranger").GetAsync("/api/v1/runs/active")).ReadAsync<PagedResult<ActiveRunDto>>(HttpStatusCode.OK);

        Assert.That(asKey.Select(r => r.Id), Is.EqualTo(new[] { mine.Id }));
        Assert.That(asStranger.Items, Is.Empty);
        Assert.That((asStranger.TotalCount, asStranger.NextLink), Is.EqualTo((0, (string?)null)));
    }
}
