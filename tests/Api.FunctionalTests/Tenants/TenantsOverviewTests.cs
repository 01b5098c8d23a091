using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Schedules;
using TenantAtlas.Application.Tenants.Overview;
using TenantAtlas.Domain.Drift;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Tenants;

/// <summary>GET /tenants/overview: each visible tenant with its last successful backup, last drift and next run, paged, without N+1.</summary>
public sealed class TenantsOverviewTests : ApiTestFixture
{
    [Test]
    public async Task The_overview_lists_visible_tenants_with_backup_drift_and_schedule_state()
    {
        var alpha = await CreateTenantAsync("Alpha", ("mia", TenantRole.Operator));
        var beta = await CreateTenantAsync("Beta", ("mia", TenantRole.Reader));
        await CreateTenantAsync("Gamma", ("someone-else", TenantRole.Owner));
        var client = ClientFor("mia");

        var finishedAt = DateTimeOffset.UtcNow.AddHours(-30);
        await AddCaptureRunAsync(alpha.Id, finishedAt, succeed: true);
        await AddCaptureRunAsync(alpha.Id, DateTimeOffset.UtcNow.AddHours(-2), succeed: false);
        var older = Guid.NewGuid();
        var latest = Guid.NewGuid();
        await DbAsync(async db =>
        {
            db.DriftReports.Add(new DriftReport { RunId = older, TenantId = alpha.Id, BaselineBackupSetId = Guid.NewGuid(), Status = RunStatus.Succeeded, Unchanged = 4, CompletedAt = DateTimeOffset.UtcNow.AddDays(-2) });
            db.DriftReports.Add(new DriftReport { RunId = latest, TenantId = alpha.Id, BaselineBackupSetId = Guid.NewGuid(), Status = RunStatus.Succeeded, Changed = 2, Deleted = 1, CompletedAt = DateTimeOffset.UtcNow.AddHours(-1) });
            await db.SaveChangesAsync();
        });
        var schedule = await (await client.PostJsonAsync($"/api/v1/tenants/{alpha.Id}/backup-schedules",
            new { name = "Nightly", cronExpression = "0 2 * * *", timeZone = "UTC" })).ReadAsync<BackupScheduleDto>(HttpStatusCode.Created);

        var page = await (await client.GetAsync("/api/v1/tenants/overview")).ReadAsync<PagedResult<TenantOverviewDto>>(HttpStatusCode.OK);
        Assert.That(page.TotalCount, Is.EqualTo(2), "Gamma is not visible");
        Assert.That(page.Items.Select(t => t.Name), Is.EqualTo(new[] { "Alpha", "Beta" }));
        var a = page.Items[0];
        Assert.That(a.Role, Is.EqualTo(TenantRole.Operator));
        Assert.That(a.LastSuccessfulBackupAt, Is.EqualTo(finishedAt).Within(TimeSpan.FromMilliseconds(1)), "the failed later capture does not count");
        Assert.That(a.LastDrift!.RunId, Is.EqualTo(latest));
        Assert.That(a.LastDrift.HasDrift, Is.True);
        Assert.That((a.LastDrift.Changed, a.LastDrift.Added, a.LastDrift.Deleted), Is.EqualTo((2, 0, 1)));
        Assert.That(a.LastDrift.Link, Is.EqualTo($"/api/v1/tenants/{alpha.Id}/drift-reports/{latest}"));
        Assert.That(a.NextScheduledRunAt, Is.EqualTo(schedule.NextRunAt));
        var b = page.Items[1];
        Assert.That((b.LastSuccessfulBackupAt, b.LastDrift, b.NextScheduledRunAt), Is.EqualTo(((DateTimeOffset?)null, (TenantDriftOverviewDto?)null, (DateTimeOffset?)null)));

        var second = await (await client.GetAsync("/api/v1/tenants/overview?page=2&pageSize=1")).ReadAsync<PagedResult<TenantOverviewDto>>(HttpStatusCode.OK);
        Assert.That(second.Items.Select(t => t.TenantId), Is.EqualTo(new[] { beta.Id }));
        var bad = await client.GetAsync("/api/v1/tenants/overview?pageSize=0");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_statements_of_one_page_do_not_grow_with_the_number_of_tenants_on_it()
    {
        for (var i = 0; i < 6; i++)
        {
            var tenant = await CreateTenantAsync($"Tenant {i}", ("noah", TenantRole.Operator));
            await AddCaptureRunAsync(tenant.Id, DateTimeOffset.UtcNow.AddHours(-i), succeed: true);
        }

        var client = ClientFor("noah");
        await client.GetAsync("/api/v1/tenants/overview?pageSize=1");
        var one = await CountStatementsAsync(() => client.GetAsync("/api/v1/tenants/overview?pageSize=1"));
        var six = await CountStatementsAsync(() => client.GetAsync("/api/v1/tenants/overview?pageSize=6"));
        Assert.That(one, Is.GreaterThan(0), "statements are counted on every provider (DbCommandCounter)");
        Assert.That(six, Is.EqualTo(one));
    }

    private static async Task<long> CountStatementsAsync(Func<Task<HttpResponseMessage>> request)
    {
        long count = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "tenantatlas.db.commands")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.Start();
        var response = await request();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(JsonNode.Parse(body)!["items"]!.AsArray(), Is.Not.Empty);
        return Interlocked.Read(ref count);
    }

    private Task AddCaptureRunAsync(Guid tenantId, DateTimeOffset at, bool succeed) => DbAsync(async db =>
    {
        var run = new BulkOperationRun
        {
            Id = Guid.NewGuid(), TenantId = tenantId, Operation = RunOperations.BackupSetCapture, TargetId = Guid.NewGuid(),
            IdempotencyKey = $"{tenantId}:capture:{Guid.NewGuid()}", RequestedBy = "test", CreatedAt = at, UpdatedAt = at,
        };
        run.MarkRunning(at, TimeSpan.FromMinutes(1));
        if (succeed)
        {
            run.Complete(at);
        }
        else
        {
            run.Fail(at, "graph.unavailable", "failed");
        }

        db.Runs.Add(run);
        await db.SaveChangesAsync();
    });
}
