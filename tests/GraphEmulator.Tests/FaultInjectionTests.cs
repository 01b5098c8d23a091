using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace TenantAtlas.GraphEmulator.Tests;

public class FaultInjectionTests : EmulatorTestHost
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    protected override GraphEmulatorState CreateState() => new(_time, randomSeed: 7);

    [Test]
    public async Task Lists_every_object_regardless_of_filter_when_the_tenant_ignores_filter()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Alpha"));
        tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Beta"));
        var filter = Uri.EscapeDataString("displayName eq 'Alpha'");

        var strict = await ReadObject(await client.GetAsync($"deviceManagement/deviceConfigurations?$filter={filter}"));
        tenant.Faults.IgnoreFilter = true;
        var ignoring = await ReadObject(await client.GetAsync($"deviceManagement/deviceConfigurations?$filter={filter}"));

        Assert.That(strict["value"]!.AsArray().Select(o => o!["displayName"]!.GetValue<string>()), Is.EqualTo(new[] { "Alpha" }));
        Assert.That(ignoring["value"]!.AsArray().Select(o => o!["displayName"]!.GetValue<string>()), Is.EqualTo(new[] { "Alpha", "Beta" }));
    }

    [Test]
    public async Task Throttles_with_fractional_retry_after_and_custom_code_when_request_budget_is_spent()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.RequestBudgetPer20s = 2;
        tenant.Faults.RetryAfterSeconds = 2.128;
        tenant.Faults.ThrottleErrorCode = "TooManyRequestsCustom";

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await client.GetAsync("deviceManagement/deviceConfigurations");
            statuses.Add(last.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(last.Headers.GetValues("Retry-After").Single(), Is.EqualTo("2.128"));
        Assert.That((await ReadObject(last))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("TooManyRequestsCustom"));
    }

    [Test]
    public async Task Counts_each_20_s_window_in_which_the_tenant_went_over_its_budget_once()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.RequestBudgetPer20s = 2;
        var statuses = new List<HttpStatusCode>();
        async Task Get() => statuses.Add((await client.GetAsync("deviceManagement/deviceConfigurations")).StatusCode);

        // Window 0 (from the first request): two admitted, two rejected, and one more rejected 5 s later.
        await Get();
        await Get();
        var beforeAnyRejection = tenant.WindowsOverBudget;
        await Get();
        await Get();
        _time.Advance(TimeSpan.FromSeconds(5));
        await Get();
        var afterWindow0 = tenant.WindowsOverBudget;

        // Window 1 (25 s): the first two left the sliding window; two admitted, one rejected.
        _time.Advance(TimeSpan.FromSeconds(20));
        await Get();
        await Get();
        await Get();
        var afterWindow1 = tenant.WindowsOverBudget;

        // Window 2 (45 s): within budget.
        _time.Advance(TimeSpan.FromSeconds(20));
        await Get();
        var afterWindow2 = tenant.WindowsOverBudget;

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[]
            {
                HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests,
                HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK,
            }));
            Assert.That((beforeAnyRejection, afterWindow0, afterWindow1, afterWindow2), Is.EqualTo((0, 1, 2, 2)));
            Assert.That(Server.State.WindowsOverBudget([tenant.EntraTenantId, Guid.NewGuid()]), Is.EqualTo(2));
        });

        tenant.ResetThrottle();
        Assert.That(tenant.WindowsOverBudget, Is.Zero);
    }

    [Test]
    public async Task Computes_retry_after_and_admits_again_when_window_slides()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.RequestBudgetPer20s = 1;
        await client.GetAsync("deviceManagement/deviceConfigurations");
        _time.Advance(TimeSpan.FromSeconds(5));

        var throttled = await client.GetAsync("deviceManagement/deviceConfigurations");
        // Rejections must not consume budget: repeated 429s do not push the window out.
        await client.GetAsync("deviceManagement/deviceConfigurations");
        _time.Advance(TimeSpan.FromSeconds(15));
        var admitted = await client.GetAsync("deviceManagement/deviceConfigurations");

        Assert.That(throttled.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(throttled.Headers.GetValues("Retry-After").Single(), Is.EqualTo("15"));
        Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Counts_the_budget_over_a_scaled_down_window_when_the_throttle_window_is_set()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.ThrottleWindow = TimeSpan.FromSeconds(2);
        tenant.Faults.RequestBudgetPer20s = 1;
        await client.GetAsync("deviceManagement/deviceConfigurations");
        _time.Advance(TimeSpan.FromSeconds(0.5));

        var throttled = await client.GetAsync("deviceManagement/deviceConfigurations");
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var admitted = await client.GetAsync("deviceManagement/deviceConfigurations");

        Assert.That(throttled.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(throttled.Headers.GetValues("Retry-After").Single(), Is.EqualTo("2"), "1.5 s until the 2 s window frees a slot, in whole seconds as Graph sends it");
        Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Throttles_writes_but_not_reads_when_write_budget_is_spent()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.WriteBudgetPer20s = 1;

        var first = await PostJson(client, "deviceManagement/deviceConfigurations", DeviceConfiguration("a"));
        var second = await PostJson(client, "deviceManagement/deviceConfigurations", DeviceConfiguration("b"));
        var read = await client.GetAsync("deviceManagement/deviceConfigurations");

        Assert.That((first.StatusCode, second.StatusCode, read.StatusCode),
            Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.OK)));
        Assert.That(tenant.List("deviceManagement/deviceConfigurations"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Keeps_tenants_apart_when_one_tenant_is_throttled()
    {
        var (busy, busyTenant) = NewTenantClient();
        var (quiet, _) = NewTenantClient();
        busyTenant.Faults.RequestBudgetPer20s = 1;
        await busy.GetAsync("deviceManagement/deviceConfigurations");

        var busySecond = await busy.GetAsync("deviceManagement/deviceConfigurations");
        var quietFirst = await quiet.GetAsync("deviceManagement/deviceConfigurations");

        Assert.That((busySecond.StatusCode, quietFirst.StatusCode), Is.EqualTo((HttpStatusCode.TooManyRequests, HttpStatusCode.OK)));
    }

    [Test]
    public async Task Answers_about_the_configured_share_with_503_when_rate_is_set()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.ServiceUnavailableRate = 0.3;
        tenant.Faults.SetRandomSeed(42);

        var unavailable = 0;
        for (var i = 0; i < 200; i++)
        {
            var response = await client.GetAsync("deviceManagement/deviceConfigurations");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                unavailable++;
                Assert.That((await ReadObject(response))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("ServiceUnavailable"));
            }
        }

        Assert.That(unavailable, Is.InRange(40, 80));
    }

    [Test]
    public async Task Produces_the_same_503_sequence_when_seed_is_the_same()
    {
        async Task<string> Run()
        {
            var (client, tenant) = NewTenantClient();
            tenant.Faults.ServiceUnavailableRate = 0.5;
            tenant.Faults.SetRandomSeed(99);
            var codes = new List<int>();
            for (var i = 0; i < 20; i++)
            {
                codes.Add((int)(await client.GetAsync("deviceManagement/deviceConfigurations")).StatusCode);
            }

            return string.Join(',', codes);
        }

        Assert.That(await Run(), Is.EqualTo(await Run()));
    }

    [Test]
    public async Task Fails_only_the_first_times_when_scripted_failure_has_a_count()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();
        var other = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("E"))["id"]!.GetValue<string>();
        var script = tenant.Faults.AddScriptedFailure(new ScriptedFailure(500, "InternalServerError", "boom", times: 2) { Method = "PATCH", ObjectId = id });
        var patch = new JsonObject { ["displayName"] = "x" };

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await SendJson(client, HttpMethod.Patch, $"deviceManagement/deviceConfigurations/{id}", patch)).StatusCode);
        }

        var getSame = await client.GetAsync($"deviceManagement/deviceConfigurations/{id}");
        var patchOther = await SendJson(client, HttpMethod.Patch, $"deviceManagement/deviceConfigurations/{other}", patch);

        Assert.That(codes, Is.EqualTo(new[] { HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.NoContent }));
        Assert.That((getSame.StatusCode, patchOther.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.NoContent)));
        Assert.That(script.Hits, Is.EqualTo(2));
    }

    [Test]
    public async Task Returns_scripted_code_and_message_when_rule_matches()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("S"))["id"]!.GetValue<string>();
        tenant.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Application is not authorized") { ObjectId = id });

        var response = await client.GetAsync($"deviceManagement/configurationPolicies/{id}?$expand=settings");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var error = (await ReadObject(response))["error"]!;
        Assert.That((error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>()), Is.EqualTo(("Forbidden", "Application is not authorized")));
    }

    [Test]
    public async Task Delays_each_request_when_latency_is_set()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.Latency = TimeSpan.FromMilliseconds(200);

        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync("deviceManagement/deviceConfigurations");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)));
    }
}
