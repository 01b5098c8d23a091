using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Idempotency;

/// <summary>
/// Issue 22 item 2: a response that carries a secret (a new API key) is never stored in an idempotency
/// record; a replay answers the same status and key metadata with <c>secret: null</c>. The secrets are
/// searched for in every text column of every table and in every log line.
/// </summary>
public sealed class IdempotencySecretResponseTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override ApiFactory CreateFactory() => new ApiFactory().CaptureLogs();

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync() => tenant = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner));

    private HttpRequestMessage Create(string name, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tenants/{tenant.Id}/api-keys")
        {
            Content = new StringContent($"{{\"name\":\"{name}\",\"role\":\"Reader\"}}", Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    [Test]
    public async Task Api_key_secrets_reach_no_column_and_no_log_line_and_a_replay_answers_without_the_secret()
    {
        var client = ClientFor("owner");
        var withHeader = await (await client.SendAsync(Create("psa", "ticket-4711"))).ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        var withoutHeader = await (await client.SendAsync(Create("rmm", null))).ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        Assert.That(withHeader.Secret, Is.Not.Null.And.Length.GreaterThan(20));

        var replayResponse = await client.SendAsync(Create("psa", "ticket-4711"));
        var replay = await replayResponse.ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        Assert.That(replayResponse.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(replay.Key.Id, Is.EqualTo(withHeader.Key.Id), "the replay names the key that was created");
        Assert.That(replay.Secret, Is.Null, "a replay never shows the secret again");
        Assert.That(replayResponse.Headers.Location, Is.Not.Null);
        Assert.That(await DbAsync(db => db.ApiKeys.CountAsync(k => k.TenantId == tenant.Id && k.Name == "psa")), Is.EqualTo(1));

        // Both secrets work (so they are the real ones being searched for).
        foreach (var secret in new[] { withHeader.Secret, withoutHeader.Secret })
        {
            var response = await Factory.CreateApiKeyClient(secret).GetAsync($"/api/v1/tenants/{tenant.Id}/runs");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var stored = await StoredText.AllAsync(Factory);
        Assert.That(stored.Any(v => v.Contains(withHeader.Key.Id.ToString(), StringComparison.OrdinalIgnoreCase)), Is.True,
            "the idempotency record is stored and searched");
        var logs = Factory.Logs!.Messages;
        Assert.That(logs, Is.Not.Empty);
        foreach (var secret in new[] { withHeader.Secret, withoutHeader.Secret })
        {
            var hidden = secret[ApiKeySecrets.DisplayPrefix(secret).Length..];
            Assert.That(stored.Where(v => v.Contains(hidden, StringComparison.Ordinal)), Is.Empty, "a secret is stored in a column");
            Assert.That(logs.Where(v => v.Contains(hidden, StringComparison.Ordinal)), Is.Empty, "a secret is in a log line");
        }
    }
}
