using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Tests.Shared;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Api.FunctionalTests.Idempotency;

/// <summary>
/// Issue 22 item 1: an unfinished Idempotency-Key record is held by a short lease its owner renews. While
/// the owner lives a retry answers 409; once the owner's host is gone and the lease lapsed, a retry with
/// the same key and request runs again instead of answering 409 for 24 hours.
/// </summary>
public sealed class IdempotencyInFlightLeaseTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override ApiFactory CreateFactory() => new ApiFactory().With("Idempotency:InFlightLease", "00:00:01");

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync() => tenant = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner));

    /// <summary>Holds the handler's SaveChanges for a new API key with the given name forever: the request stays in flight.</summary>
    private sealed class StuckSave(string name) : SaveChangesInterceptor
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<ApiKey>().Any(e => e.State == EntityState.Added && e.Entity.Name == name))
            {
                Entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }

            return result;
        }
    }

    private HttpRequestMessage Create(string name, string key) => new(HttpMethod.Post, $"/api/v1/tenants/{tenant.Id}/api-keys")
    {
        Headers = { { "Idempotency-Key", key } },
        Content = new StringContent($"{{\"name\":\"{name}\",\"role\":\"Reader\"}}", Encoding.UTF8, "application/json"),
    };

    [Test]
    public async Task A_retry_after_the_owning_host_died_runs_again_instead_of_409()
    {
        var stuck = new StuckSave("crash-1");
        var dying = Factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
            TestDatabase.ConfigureDbContext(s, o => o.AddInterceptors(stuck))));
        var dyingClient = dying.CreateClient();
        dyingClient.DefaultRequestHeaders.Authorization = new("Bearer", Factory.Tokens.Create("owner"));
        using var abandon = new CancellationTokenSource();
        var lost = dyingClient.SendAsync(Create("crash-1", "crash-key-1"), abandon.Token);
        await stuck.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var record = await DbAsync(db => db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Key == "crash-key-1"));
        Assert.That(record.Completed, Is.False, "the first request stored its in-flight record and is stuck after it");

        // The owner is alive: it renews its lease, so a retry well past one lease length is still 409.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var client = ClientFor("owner");
        var inFlight = await (await client.SendAsync(Create("crash-1", "crash-key-1"))).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(inFlight["code"]!.GetValue<string>(), Is.EqualTo("idempotency_key.in_flight"));

        // The host dies mid-request (nothing of it runs any more: no answer, no cleanup, no renewal).
        await abandon.CancelAsync();
        await dying.DisposeAsync();
        Assert.That(lost.IsCompletedSuccessfully, Is.False, "the first request never answered");

        await Task.Delay(TimeSpan.FromSeconds(2));
        var retried = await (await client.SendAsync(Create("crash-1", "crash-key-1"))).ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        Assert.That(retried.Secret, Is.Not.Null.And.Not.Empty, "the retry ran the request");
        Assert.That(await DbAsync(db => db.ApiKeys.CountAsync(k => k.Name == "crash-1")), Is.EqualTo(1), "exactly one key exists");

        var replay = await client.SendAsync(Create("crash-1", "crash-key-1"));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"), "the retried outcome is what the key replays now");
    }

    [Test]
    public async Task An_unfinished_record_whose_lease_lapsed_is_taken_over()
    {
        var client = ClientFor("owner");
        var first = await (await client.SendAsync(Create("lapsed-1", "lapsed-key-1"))).ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        // Turn the stored record back into what a host that died right after storing it leaves behind.
        await DbAsync(db => db.IdempotencyRecords.Where(r => r.Key == "lapsed-key-1").ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Completed, false).SetProperty(r => r.ResponseBody, (string?)null).SetProperty(r => r.ResponseStatus, (int?)null)
            .SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        await DbAsync(db => db.ApiKeys.Where(k => k.Id == first.Key.Id).ExecuteDeleteAsync());

        var retried = await (await client.SendAsync(Create("lapsed-1", "lapsed-key-1"))).ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        Assert.That(retried.Key.Id, Is.Not.EqualTo(first.Key.Id));
        var record = await DbAsync(db => db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Key == "lapsed-key-1"));
        Assert.That(record.Completed, Is.True);
        Assert.That(record.ExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddHours(23)), "a finished record is kept 24 h");
    }
}
