using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Runs;

public sealed class CancelRunTests : ApiTestFixture
{
    private Tenant tenant = null!;

    // The default Api hosts no consumers: runs stay Queued until the test moves them.
    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync() =>
        tenant = await CreateTenantAsync("Contoso", ("operator", TenantRole.Operator), ("reader", TenantRole.Reader));

    private async Task<RunDto> StartAsync() =>
        await (await ClientFor("operator").PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);

    [Test]
    public async Task A_queued_run_is_cancelled_at_once_and_a_second_cancel_is_a_conflict()
    {
        var run = await StartAsync();
        var client = ClientFor("operator");
        var cancelled = await (await client.PostAsync($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}/cancel", null)).ReadAsync<RunDto>(HttpStatusCode.OK);
        Assert.That(cancelled.Status, Is.EqualTo(RunStatus.Cancelled));
        Assert.That(cancelled.FinishedAt, Is.Not.Null);

        var again = await (await client.PostAsync($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}/cancel", null)).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(again["code"]!.GetValue<string>(), Is.EqualTo("run.already_finished"));
    }

    [Test]
    public async Task A_running_run_gets_a_cancel_request_that_the_job_honours_between_items()
    {
        var run = await StartAsync();
        await DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running)));
        var requested = await (await ClientFor("operator").PostAsync($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}/cancel", null))
            .ReadAsync<RunDto>(HttpStatusCode.OK);
        Assert.That(requested.Status, Is.EqualTo(RunStatus.Running));
        Assert.That(requested.CancelRequestedAt, Is.Not.Null);
    }

    [Test]
    public async Task A_reader_cannot_cancel()
    {
        var run = await StartAsync();
        await (await ClientFor("reader").PostAsync($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}/cancel", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
        var status = await DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == run.Id).Select(r => r.Status).SingleAsync());
        Assert.That(status, Is.EqualTo(RunStatus.Queued));
    }
}
