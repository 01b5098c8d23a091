using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.OperatorConsole;

/// <summary>
/// Issue 21: the operator console in Debian's headless Chromium against a real Kestrel-hosted Api (consumers
/// in process) and the Graph emulator over HTTP. One operator's day: sign in with a pasted token, sync, back up
/// (one policy made to fail through the emulator's fault injection) and watch the bar reach 100%, open the failed
/// item, compare two versions of a policy changed in Graph (the emulator's admin API), preview a restore of it, see
/// its diff, execute, see the run succeed, read its audit log and notifications; then an Operator sees no execute
/// button and the API refuses him; keyboard and narrow-screen checks. Screenshots go to the test output
/// (console-screenshots/), and docs/console/*.png are copies of them.
/// </summary>
public sealed class ConsoleBrowserTests : EmulatorBackedTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private Uri baseAddress = null!;

    private static string ScreenshotDirectory => Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-screenshots");

    protected override ApiFactory CreateFactory()
    {
        var factory = new ApiFactory(hostConsumers: true, Emulator).With("RunStream:PollInterval", "00:00:00.200").With("Api:Console", "true");
        factory.UseKestrel(0);
        factory.StartServer();
        baseAddress = factory.CreateClient().BaseAddress!;
        return factory;
    }

    [Test]
    public async Task An_owner_backs_up_reviews_a_failed_item_previews_and_executes_a_restore_in_the_browser()
    {
        Assert.That(File.Exists(HeadlessChromium.ChromiumPath), Is.True, "chromium is missing: apt-get install -y chromium (tests/run.sh does this)");
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner), ("oscar", TenantRole.Operator));
        var ids = Enumerable.Range(1, 6)
            .Select(i => RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration($"Baseline {i}"))))
            .ToList();
        var (changed, failing) = (ids[0], ids[5]);
        using var emulatorAdmin = new HttpClient { BaseAddress = new Uri(Emulator.BaseAddress, "_emulator/") };
        // Fault injection through the emulator's admin API: every read of one policy answers 403; a little latency
        // per request so the progress bar has steps to show.
        (await emulatorAdmin.PostAsJsonAsync($"tenants/{tenant.EntraTenantId}/scripted-failures",
            new { status = 403, code = "Forbidden", message = "Scripted: access denied", objectId = failing })).EnsureSuccessStatusCode();
        (await emulatorAdmin.PutAsJsonAsync($"tenants/{tenant.EntraTenantId}/faults", new { latencyMs = 150 })).EnsureSuccessStatusCode();

        await using var page = await HeadlessChromium.StartAsync(new Uri(baseAddress, "/app/"), Timeout);
        await SignInAsync(page, Factory.Tokens.Create("olivia"));
        await page.WaitForSelectorAsync($"#tenant-{tenant.Id}", Timeout);
        Assert.That(await page.EvaluateAsync($"document.getElementById('tenant-{tenant.Id}').innerText"), Does.Contain(tenant.Name).And.Contain("No backup"));
        Assert.That(await page.WaitForAsync("document.getElementById('stream-state').dataset.state", v => v == "open", Timeout), Is.EqualTo("open"), "the run stream did not connect");

        // Inventory sync from the policies page; the run page follows it to Succeeded.
        await page.GoAsync($"#/t/{tenant.Id}/policies", Timeout);
        await page.ClickAsync("#sync", Timeout);
        await WaitForRunStatusAsync(page, "#run", "Succeeded");

        // Back up every policy; the bar is watched until it shows 100%.
        await page.GoAsync($"#/t/{tenant.Id}/backups", Timeout);
        await page.ClickAsync("#start-backup-button", Timeout);
        await page.WaitForSelectorAsync("#run [role=progressbar]", Timeout);
        var seen = new List<int>();
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var now = int.Parse(await page.EvaluateAsync("document.querySelector('#run [role=progressbar]').getAttribute('aria-valuenow')") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            if (seen.Count == 0 || seen[^1] != now)
            {
                seen.Add(now);
            }

            if (now == 100)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.That(seen, Has.Some.EqualTo(100), $"the progress bar never reached 100%: {string.Join(", ", seen)}");
        await WaitForRunStatusAsync(page, "#run", "Partial");
        Assert.That(await page.EvaluateAsync("document.getElementById('run').innerText"), Does.Not.Contain("null").And.Not.Contain("undefined"));
        Assert.That(await page.EvaluateAsync("document.querySelector('#run [data-count=failed]').innerText"), Is.EqualTo("1"));
        Assert.That(await page.EvaluateAsync("document.querySelector('#run .pct').innerText"), Is.EqualTo("100%"));
        // The bar is drawn too (under the console's CSP, which refuses style attributes): the fill spans the track.
        Assert.That(await page.EvaluateAsync("String(document.querySelector('#run .fill').offsetWidth >= document.querySelector('#run .bar').clientWidth - 1 && document.querySelector('#run .fill').offsetWidth > 0)"), Is.EqualTo("true"));
        await page.WaitForSelectorAsync("#retry-failed", Timeout);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "run-progress.png"));

        // Open the failed item: filter by status, expand its error.
        await page.EvaluateAsync("document.getElementById('item-status').value = 'Failed'");
        await GoByAsync(page, "document.getElementById('filter-items').click()");
        await page.WaitForSelectorAsync("#run-items tr[data-status=Failed] details.item-error", Timeout);
        Assert.That(await page.EvaluateAsync("document.querySelectorAll('#run-items > .table-wrap > table > tbody > tr').length"), Is.EqualTo("1"), "only the failed item is listed");
        await page.EvaluateAsync("document.querySelector('#run-items details.item-error summary').click()");
        var failedItem = await page.EvaluateAsync("document.querySelector('#run-items tr[data-status=Failed]').innerText");
        var code = await page.EvaluateAsync("document.querySelector('#run-items details.item-error').dataset.code");
        Assert.That(await page.EvaluateAsync("String(document.querySelector('#run-items details.item-error').open)"), Is.EqualTo("true"));
        Assert.That(code, Is.Not.Empty);
        Assert.That(failedItem, Does.Contain("Baseline 6").And.Contain(code).And.Contain("HTTP 403").And.Contain("Failed"));
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "failed-item.png"));
        (await emulatorAdmin.DeleteAsync($"tenants/{tenant.EntraTenantId}/faults")).EnsureSuccessStatusCode();

        // The backup set with its items.
        var set = await DbAsync(db => db.BackupSets.AsNoTracking().SingleAsync(s => s.TenantId == tenant.Id));
        await page.GoAsync($"#/t/{tenant.Id}/backups/{set.Id}", Timeout);
        Assert.That(await page.EvaluateAsync("document.getElementById('main').innerText"), Does.Contain("Baseline 1").And.Contain("Partial").And.Contain("5 items"));
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "backup-set.png"));

        // Drift: the emulator's admin API changes one backed-up policy, as if edited in the portal.
        (await emulatorAdmin.PatchAsync($"tenants/{tenant.EntraTenantId}/policies/{changed}", JsonContent.Create(new { passwordMinimumLength = 5 }))).EnsureSuccessStatusCode();

        // A second version of it (capture snapshot), then the diff between the two versions.
        var policyId = await DbAsync(db => db.Policies.Where(p => p.TenantId == tenant.Id && p.GraphId == changed).Select(p => p.Id).SingleAsync());
        await page.GoAsync($"#/t/{tenant.Id}/policies/{policyId}", Timeout);
        await page.ClickAsync("#capture", Timeout);
        await WaitForRunStatusAsync(page, "#run", "Succeeded");
        await page.GoAsync($"#/t/{tenant.Id}/policies/{policyId}?from=1&to=2", Timeout);
        await page.ClickAsync("#compare", Timeout);
        await page.WaitForSelectorAsync("#version-diff tr[data-path='$.passwordMinimumLength']", Timeout);
        Assert.That(await page.EvaluateAsync("document.querySelector(\"#version-diff tr[data-path='$.passwordMinimumLength']\").innerText"),
            Does.Contain("changed").And.Contain("12").And.Contain("5"));
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "policy-versions-diff.png"));

        // Restore: choose the set and only the changed item, run the preview, review its diff.
        await page.GoAsync($"#/t/{tenant.Id}/restore?set={set.Id}", Timeout);
        await page.WaitForSelectorAsync($"#restore-items input[data-graph-id='{changed}']", Timeout);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "restore-choose.png"));
        await page.ClickAsync("#select-none", Timeout);
        await page.ClickAsync($"#restore-items input[data-graph-id='{changed}']", Timeout);
        await GoByAsync(page, "document.getElementById('run-preview').click()");
        await WaitForRunStatusAsync(page, "#preview", "Succeeded");
        await page.WaitForSelectorAsync("#preview-items tr[data-action=would_update]", Timeout);
        Assert.That(await page.EvaluateAsync("document.querySelectorAll('#preview-items > .table-wrap > table > tbody > tr').length"), Is.EqualTo("1"),
            await page.EvaluateAsync("[...document.querySelectorAll('#preview-items > .table-wrap > table > tbody > tr')].map(r => r.innerText).join(' || ')"));
        await page.EvaluateAsync("document.querySelector('#preview-items details.item-diff summary').click()");
        var diffRow = await page.EvaluateAsync("(document.querySelector(\"#preview-items tr[data-path='$.passwordMinimumLength']\") || {}).innerText || ''");
        Assert.That(diffRow, Does.Contain("changed").And.Contain("5").And.Contain("12"), "the preview's diff: tenant now 5, backup 12");
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "restore-preview.png"));
        var previewId = Guid.Parse((await page.EvaluateAsync("new URLSearchParams(location.hash.split('?')[1]).get('preview')"))!);

        // Execute (Owner): the live restore's run page shows it succeed; Graph has the backed-up value again.
        await GoByAsync(page, "document.getElementById('execute').click()");
        await WaitForRunStatusAsync(page, "#run", "Succeeded");
        Assert.That(await page.EvaluateAsync("document.querySelector('#run .pct').innerText"), Is.EqualTo("100%"));
        Assert.That(graph.Find(RestoreScenario.DeviceConfigurations, changed)!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(12));
        await page.WaitForSelectorAsync("#audit tbody tr", Timeout);
        Assert.That(await page.EvaluateAsync("document.getElementById('audit').innerText"), Does.Contain("restore"));
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "restore-run-succeeded.png"));

        // Runs, filtered by status.
        await page.GoAsync($"#/t/{tenant.Id}/runs?status=Partial", Timeout);
        Assert.That(await page.EvaluateAsync("[...document.querySelectorAll('#runs-list tbody tr')].map(r => r.dataset.status).join(',')"), Is.EqualTo("Partial"));
        await page.GoAsync($"#/t/{tenant.Id}/runs", Timeout);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "runs.png"));

        // Notifications: an unread count in the header and one row per finished run of hers.
        var unread = await page.WaitForAsync("document.getElementById('unread-count').innerText", v => int.TryParse(v, out var n) && n >= 4, Timeout);
        Assert.That(int.Parse(unread!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(4));
        await page.GoAsync("#/notifications", Timeout);
        Assert.That(await page.EvaluateAsync("document.getElementById('main').innerText"), Does.Contain("restore.execute").And.Contain("Unread"));
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "notifications.png"));
        await page.GoAsync("#/", Timeout);
        await page.WaitForSelectorAsync($"#tenant-{tenant.Id}", Timeout);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "tenants-overview.png"));

        // An Operator: the preview shows no execute button, and the API refuses him all the same.
        await page.ClickAsync("#sign-out", Timeout);
        await SignInAsync(page, Factory.Tokens.Create("oscar"));
        await page.GoAsync($"#/t/{tenant.Id}/restore?preview={previewId}", Timeout);
        await page.WaitForSelectorAsync("#owner-only", Timeout);
        Assert.That(await page.EvaluateAsync("String(!!document.getElementById('execute'))"), Is.EqualTo("false"));
        var refused = await ClientFor("oscar").PostAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{previewId}/execute", null);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_console_works_by_keyboard_and_on_a_narrow_screen()
    {
        var tenant = await CreateTenantAsync("Fabrikam narrow", ("nora", TenantRole.Reader));
        await using var page = await HeadlessChromium.StartAsync(new Uri(baseAddress, "/app/"), Timeout);
        await page.WaitForSelectorAsync("#token", Timeout);
        // Every form control has a label.
        Assert.That(await page.EvaluateAsync("[...document.querySelectorAll('input, textarea, select')].filter(e => !e.labels || e.labels.length === 0).length"), Is.EqualTo("0"));
        await SignInAsync(page, Factory.Tokens.Create("nora"));
        await page.WaitForSelectorAsync($"#tenant-{tenant.Id}", Timeout);

        // Keyboard: the first Tab reaches the skip link, Enter moves focus to the content; the next Tabs reach the navigation.
        await page.SendAsync("Page.bringToFront");
        await page.SendAsync("Emulation.setFocusEmulationEnabled", new { enabled = true });
        // A fresh load (the session keeps the sign-in), so focus starts at the top of the document.
        await page.EvaluateAsync("location.reload()");
        await Task.Delay(300);
        await page.WaitForSelectorAsync($"#tenant-{tenant.Id}", Timeout);
        await page.PressAsync("Tab", "Tab", 9);
        Assert.That(await page.EvaluateAsync("document.activeElement.id"), Is.EqualTo("skip-link"), await page.EvaluateAsync("document.activeElement.outerHTML.slice(0, 200) + ' focus=' + document.hasFocus()"));
        await page.PressAsync("Enter", "Enter", 13);
        Assert.That(await page.EvaluateAsync("document.activeElement.id"), Is.EqualTo("main"));
        Assert.That(await page.EvaluateAsync("location.hash"), Is.EqualTo("#/"), "the skip link leaves the route alone");
        await page.EvaluateAsync("document.getElementById('skip-link').focus()");
        await page.PressAsync("Tab", "Tab", 9);
        Assert.That(await page.EvaluateAsync("document.activeElement.textContent.trim()"), Is.EqualTo("Tenants"));
        await page.PressAsync("Tab", "Tab", 9);
        Assert.That(await page.EvaluateAsync("document.activeElement.textContent"), Does.StartWith("Notifications"));
        // Status is text, not only colour: every badge has words.
        Assert.That(await page.EvaluateAsync("[...document.querySelectorAll('.badge')].every(b => b.textContent.trim().length > 0)"), Is.EqualTo("true"));

        // Narrow (390 px): no horizontal scrolling of the page, tables stack, the navigation stays visible.
        await page.SetViewportAsync(390, 844, mobile: true);
        await page.GoAsync($"#/t/{tenant.Id}/backups", Timeout);
        await page.GoAsync("#/", Timeout);
        await page.WaitForSelectorAsync($"#tenant-{tenant.Id}", Timeout);
        Assert.That(await page.EvaluateAsync("String(document.documentElement.scrollWidth <= window.innerWidth)"), Is.EqualTo("true"),
            await page.EvaluateAsync("document.documentElement.scrollWidth + ' > ' + window.innerWidth"));
        Assert.That(await page.EvaluateAsync("getComputedStyle(document.querySelector('table.stack td')).display"), Is.EqualTo("block"));
        Assert.That(await page.EvaluateAsync("String(document.querySelector('[data-nav=notifications]').getBoundingClientRect().right <= window.innerWidth)"), Is.EqualTo("true"));
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "narrow-overview.png"));
        // A Reader gets no backup form.
        await page.GoAsync($"#/t/{tenant.Id}/backups", Timeout);
        Assert.That(await page.EvaluateAsync("String(!!document.getElementById('start-backup'))"), Is.EqualTo("false"));
    }

    [Test]
    public async Task Pkce_authorization_request_and_list_reading_follow_the_specifications()
    {
        await using var page = await HeadlessChromium.StartAsync(new Uri(baseAddress, "/app/"), Timeout);
        await page.WaitForSelectorAsync("#token", Timeout);
        // RFC 7636 4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), checked against .NET's SHA-256.
        const string verifier = "dBjftJeZ4CVP-mJ92ZHmvE_9gEakrDQH0zXSzbhrQy4";
        var expected = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.That(await page.EvaluateAsync($"import('/app/js/auth.js').then(m => m.codeChallenge('{verifier}'))"), Is.EqualTo(expected));
        Assert.That(await page.EvaluateAsync("import('/app/js/auth.js').then(m => { const v = [m.randomVerifier(), m.randomVerifier()]; return v[0] !== v[1] && v.every(x => /^[A-Za-z0-9_-]{43}$/.test(x)); }).then(String)"),
            Is.EqualTo("true"));
        var url = new Uri((await page.EvaluateAsync(
            "import('/app/js/auth.js').then(m => m.authorizeUrl('https://login.example.com/t/oauth2/v2.0/authorize?p=1', { clientId: 'console', redirectUri: 'http://localhost:5080/app/', scope: 'openid api://atlas/.default', state: 's1', nonce: 'n1', challenge: 'c1' }))"))!);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.That(url.GetLeftPart(UriPartial.Path), Is.EqualTo("https://login.example.com/t/oauth2/v2.0/authorize"));
        Assert.That(
            (query["p"], query["response_type"], query["client_id"], query["redirect_uri"], query["scope"], query["state"], query["nonce"], query["code_challenge"], query["code_challenge_method"]),
            Is.EqualTo(("1", "code", "console", "http://localhost:5080/app/", "openid api://atlas/.default", "s1", "n1", "c1", "S256")));
        Assert.That(await page.EvaluateAsync("import('/app/js/auth.js').then(m => m.tokenRequestBody({ code: 'k', redirectUri: 'http://localhost:5080/app/', clientId: 'console', verifier: 'v' }).toString())"),
            Is.EqualTo("grant_type=authorization_code&code=k&redirect_uri=http%3A%2F%2Flocalhost%3A5080%2Fapp%2F&client_id=console&code_verifier=v"));
        // The list module reads both shapes: a paged {items, …, nextLink} and a bare array.
        Assert.That(await page.EvaluateAsync("import('/app/js/lists.js').then(m => JSON.stringify([m.readList({ items: [1], page: 1, pageSize: 1, totalCount: 3, nextLink: '/x?page=2' }), m.hasNext(m.readList([1, 2]))]))"),
            Is.EqualTo("[{\"items\":[1],\"page\":1,\"pageSize\":1,\"totalCount\":3,\"nextLink\":\"/x?page=2\"},false]"));
        // The version diff in the API's preview shape.
        Assert.That(await page.EvaluateAsync("import('/app/js/diff.js').then(m => JSON.stringify(m.diffJson({ a: 1, b: [1], c: 'x' }, { a: 2, b: [1, 2], d: true })))"),
            Is.EqualTo("[{\"path\":\"$.a\",\"kind\":\"changed\",\"before\":1,\"after\":2},{\"path\":\"$.b[1]\",\"kind\":\"added\",\"before\":null,\"after\":2},{\"path\":\"$.c\",\"kind\":\"removed\",\"before\":\"x\",\"after\":null},{\"path\":\"$.d\",\"kind\":\"added\",\"before\":null,\"after\":true}]"));
    }

    private static async Task SignInAsync(HeadlessChromium page, string token)
    {
        await page.WaitForSelectorAsync("#token", Timeout);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, "sign-in.png"));
        await page.EvaluateAsync($"document.getElementById('token').value = {HeadlessChromium.Js(token)}");
        await GoByAsync(page, "document.getElementById('sign-in-button').click()");
        await page.WaitForSelectorAsync("#main[data-page=overview] table, #main[data-page=overview] p", Timeout);
    }

    /// <summary>Runs the script (a click that changes the page) and waits until the router rendered again.</summary>
    private static async Task GoByAsync(HeadlessChromium page, string script)
    {
        var before = await page.EvaluateAsync("document.getElementById('main').dataset.ready || ''");
        await page.EvaluateAsync(script);
        await page.WaitForAsync("document.getElementById('main').dataset.ready || ''", v => v != before && !string.IsNullOrEmpty(v), Timeout);
    }

    private static async Task WaitForRunStatusAsync(HeadlessChromium page, string selector, string status)
    {
        var seen = await page.WaitForAsync($"(document.querySelector({HeadlessChromium.Js(selector)}) || {{ dataset: {{}} }}).dataset.status || ''", v => v == status, Timeout);
        Assert.That(seen, Is.EqualTo(status), await page.EvaluateAsync("document.getElementById('alerts').innerText + ' | ' + document.getElementById('main').innerText"));
    }
}
