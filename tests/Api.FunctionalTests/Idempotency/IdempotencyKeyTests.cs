using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Idempotency;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Idempotency;

/// <summary>Integrations may send Idempotency-Key: same key and body replays, another body is 422, in flight is 409.</summary>
public sealed class IdempotencyKeyTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync() =>
        tenant = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner), ("operator", TenantRole.Operator));

    private static HttpRequestMessage Post(string url, string key, string? json = null) => new(HttpMethod.Post, url)
    {
        Headers = { { "Idempotency-Key", key } },
        Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
    };

    [Test]
    public async Task Same_key_and_request_replays_the_first_response_after_the_run_finished()
    {
        var client = ClientFor("operator");
        var url = $"/api/v1/tenants/{tenant.Id}/diagnostics/ping";
        var first = await client.SendAsync(Post(url, "psa-ticket-1001"));
        var run = await first.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        // Finish the run: without the key a new ping would start a new run.
        await DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Succeeded)));

        var pingsBefore = await DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync(r => r.TenantId == tenant.Id && r.Operation == RunOperations.DiagnosticPing));
        var second = await client.SendAsync(Post(url, "psa-ticket-1001"));
        var replayed = await second.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(replayed.Id, Is.EqualTo(run.Id));
        Assert.That(second.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(await DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync(r => r.TenantId == tenant.Id && r.Operation == RunOperations.DiagnosticPing)),
            Is.EqualTo(pingsBefore), "the retried request started nothing");

        var withoutKey = await (await client.PostAsync(url, null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(withoutKey.Id, Is.Not.EqualTo(run.Id));
    }

    [Test]
    public async Task Same_key_with_another_request_is_422()
    {
        var client = ClientFor("owner");
        var url = $"/api/v1/tenants/{tenant.Id}/api-keys";
        var created = await (await client.SendAsync(Post(url, "key-create-7", "{\"name\":\"psa\",\"role\":\"Reader\"}"))).ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        var problem = await (await client.SendAsync(Post(url, "key-create-7", "{\"name\":\"rmm\",\"role\":\"Reader\"}"))).ReadProblemAsync((HttpStatusCode)422);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("idempotency_key.reused"));
        Assert.That(await DbAsync(db => db.ApiKeys.CountAsync(k => k.TenantId == tenant.Id && k.Name == "rmm")), Is.EqualTo(0));

        // The replay of the original names the original key (its secret is not stored), and still only one key exists.
        var replay = await (await client.SendAsync(Post(url, "key-create-7", "{\"name\":\"psa\",\"role\":\"Reader\"}"))).ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        Assert.That(replay.Key.Id, Is.EqualTo(created.Key.Id));
        Assert.That(replay.Secret, Is.Null);
        Assert.That(await DbAsync(db => db.ApiKeys.CountAsync(k => k.TenantId == tenant.Id && k.Name == "psa")), Is.EqualTo(1));
    }

    [Test]
    public async Task A_request_still_in_flight_is_409()
    {
        var client = ClientFor("operator");
        var userId = await DbAsync(db => db.Users.Where(u => u.Subject == "operator").Select(u => u.Id).SingleAsync());
        var url = $"/api/v1/tenants/{tenant.Id}/diagnostics/ping";
        // What a concurrent first request leaves while it runs: the record without a response.
        using (var sha = System.Security.Cryptography.SHA256.Create())
        {
            var fingerprint = Convert.ToHexStringLower(sha.ComputeHash(Encoding.UTF8.GetBytes($"POST {url}\n")));
            await DbAsync(async db =>
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    Id = Guid.NewGuid(), Caller = $"user:{userId}", Key = "in-flight-1", Fingerprint = fingerprint,
                    CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
                });
                await db.SaveChangesAsync();
            });
        }

        var problem = await (await client.SendAsync(Post(url, "in-flight-1"))).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("idempotency_key.in_flight"));
    }

    [Test]
    public async Task Keys_are_scoped_to_the_caller()
    {
        var url = $"/api/v1/tenants/{tenant.Id}/diagnostics/ping";
        var a = await (await ClientFor("operator").SendAsync(Post(url, "shared-key"))).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        var b = await (await ClientFor("owner").SendAsync(Post(url, "shared-key"))).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(b.Id, Is.Not.EqualTo(a.Id));
    }

    [Test]
    public async Task An_oversized_key_is_400()
    {
        var response = await ClientFor("operator").SendAsync(Post($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", new string('k', 256)));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("idempotency_key.invalid"));
    }

    [Test]
    public async Task A_forbidden_request_stores_nothing()
    {
        var other = await CreateTenantAsync("Other");
        var response = await ClientFor("operator").SendAsync(Post($"/api/v1/tenants/{other.Id}/diagnostics/ping", "forbidden-1"));
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await DbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key == "forbidden-1")), Is.EqualTo(0));
    }
}
