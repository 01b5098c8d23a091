using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Schedules;
using TenantAtlas.Domain.Schedules;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Schedules;

/// <summary>Schedule CRUD over HTTP: validation with stable codes, Operator role, ETag / If-Match like other single resources.</summary>
public sealed class BackupScheduleCrudTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override async Task SeedAsync() =>
        tenant = await CreateTenantAsync("Contoso", ("owen", TenantRole.Operator), ("rosa", TenantRole.Reader));

    private string Url => $"/api/v1/tenants/{tenant.Id}/backup-schedules";

    private static object Valid(string? cron = "0 2 * * *", string? zone = "Europe/Zurich", object? retention = null, string? mode = null) => new
    {
        name = "Nightly",
        cronExpression = cron,
        timeZone = zone,
        policyTypes = new[] { "deviceConfiguration" },
        mode = mode ?? "BackupThenDrift",
        retention = retention ?? new { keepLast = 7, maxAgeDays = 30 },
    };

    [Test]
    public async Task Create_read_patch_and_delete_a_schedule_with_etags()
    {
        var client = ClientFor("owen");
        var created = await client.PostJsonAsync(Url, Valid());
        var schedule = await created.ReadAsync<BackupScheduleDto>(HttpStatusCode.Created);
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo($"{Url}/{schedule.Id}"));
        Assert.That(schedule.Mode, Is.EqualTo(ScheduleMode.BackupThenDrift));
        Assert.That(schedule.Retention, Is.EqualTo(new RetentionDto(7, 30)));
        Assert.That(schedule.PolicyTypes, Is.EqualTo(new[] { "deviceConfiguration" }));
        Assert.That(schedule.NextRunAt, Is.Not.Null.And.GreaterThan(DateTimeOffset.UtcNow));
        var local = TimeZoneInfo.ConvertTime(schedule.NextRunAt!.Value, ScheduleCron.TryFindTimeZone("Europe/Zurich")!);
        Assert.That(local.Hour, Is.EqualTo(2).Or.EqualTo(1), "02:00 Zurich plus at most the jitter window (10 minutes)");

        var get = await client.GetAsync($"{Url}/{schedule.Id}");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var etag = get.Headers.ETag!.Tag;

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{schedule.Id}") { Content = JsonContent.Create(new { enabled = false }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
        var refused = await (await client.SendAsync(stale)).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.That(refused["code"]!.GetValue<string>(), Is.EqualTo("precondition_failed"));

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{schedule.Id}")
        {
            Content = JsonContent.Create(new { enabled = false, retention = new { keepLast = 3 } }),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", etag);
        var patched = await (await client.SendAsync(patch)).ReadAsync<BackupScheduleDto>(HttpStatusCode.OK);
        Assert.That(patched.Enabled, Is.False);
        Assert.That(patched.NextRunAt, Is.Null, "a disabled schedule has no next run");
        Assert.That(patched.Retention, Is.EqualTo(new RetentionDto(3, null)));
        Assert.That(patched.CronExpression, Is.EqualTo("0 2 * * *"), "fields left out stay");

        var list = await (await client.GetAsync(Url)).ReadAsync<JsonObject>(HttpStatusCode.OK);
        Assert.That(list["totalCount"]!.GetValue<int>(), Is.EqualTo(1));

        var delete = await client.DeleteAsync($"{Url}/{schedule.Id}");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.GetAsync($"{Url}/{schedule.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("not a cron", "cronExpression", ScheduleRules.InvalidCronCode)]
    [TestCase("61 2 * * *", "cronExpression", ScheduleRules.InvalidCronCode)]
    [TestCase("0 0 30 2 *", "cronExpression", ScheduleRules.CronNeverFiresCode)]
    public async Task An_invalid_cron_expression_is_400_with_its_code(string cron, string field, string code) =>
        await AssertRefusedAsync(Valid(cron: cron), field, code);

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("")]
    public async Task An_unknown_time_zone_is_400_with_its_code(string zone) =>
        await AssertRefusedAsync(Valid(zone: zone), "timeZone", ScheduleRules.UnknownTimeZoneCode);

    [Test]
    public async Task Retention_of_zero_sets_or_days_is_400_with_its_code()
    {
        await AssertRefusedAsync(Valid(retention: new { keepLast = 0 }), "retention", ScheduleRules.InvalidRetentionCode);
        await AssertRefusedAsync(Valid(retention: new { maxAgeDays = 0 }), "retention", ScheduleRules.InvalidRetentionCode);
    }

    [Test]
    public async Task A_windows_time_zone_id_is_accepted()
    {
        var response = await ClientFor("owen").PostJsonAsync(Url, Valid(zone: "W. Europe Standard Time"));
        var schedule = await response.ReadAsync<BackupScheduleDto>(HttpStatusCode.Created);
        Assert.That(schedule.TimeZone, Is.EqualTo("W. Europe Standard Time"));
    }

    [Test]
    public async Task An_unknown_policy_type_or_mode_is_400()
    {
        var types = await ClientFor("owen").PostJsonAsync(Url, new { name = "N", cronExpression = "0 2 * * *", timeZone = "UTC", policyTypes = new[] { "madeUp" } });
        var problem = await types.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errorCodes"]!["policyTypes"]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain(ScheduleRules.UnknownPolicyTypeCode));

        var mode = await ClientFor("owen").PostJsonAsync(Url, Valid(mode: "Sometimes"));
        Assert.That(mode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_reader_may_list_but_not_create_and_an_invalid_patch_changes_nothing()
    {
        var created = await (await ClientFor("owen").PostJsonAsync(Url, Valid())).ReadAsync<BackupScheduleDto>(HttpStatusCode.Created);
        var reader = ClientFor("rosa");
        Assert.That((await reader.PostJsonAsync(Url, Valid())).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await reader.GetAsync(Url)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await reader.DeleteAsync($"{Url}/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var bad = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{created.Id}") { Content = JsonContent.Create(new { cronExpression = "nope" }) };
        var problem = await (await ClientFor("owen").SendAsync(bad)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errorCodes"]!["cronExpression"]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain(ScheduleRules.InvalidCronCode));
        var after = await (await ClientFor("owen").GetAsync($"{Url}/{created.Id}")).ReadAsync<BackupScheduleDto>(HttpStatusCode.OK);
        Assert.That(after.CronExpression, Is.EqualTo("0 2 * * *"));
    }

    private async Task AssertRefusedAsync(object body, string field, string code)
    {
        var response = await ClientFor("owen").PostJsonAsync(Url, body);
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        Assert.That(problem["errors"]![field], Is.Not.Null, problem.ToJsonString());
        Assert.That(problem["errorCodes"]![field]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain(code), problem.ToJsonString());
        Assert.That(await DbAsync(db => Task.FromResult(db.BackupSchedules.Count())), Is.Zero);
    }
}
