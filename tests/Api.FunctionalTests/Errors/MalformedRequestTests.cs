using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Errors;

/// <summary>
/// Issue 22 items 4 and 5: a table of malformed requests (charsets, broken JSON, wrong types, huge numbers,
/// nulls, duplicated properties, deep nesting, overlong strings, bad GUIDs, lenient enums). None may answer
/// 5xx; each answers the listed 4xx as problem+json with a code. These run on TestServer, so nothing here is
/// Kestrel's own 400 (see docs/security.md for the requests Kestrel refuses before the app runs).
/// </summary>
public sealed class MalformedRequestTests : ApiTestFixture
{
    private const string Json = "application/json";
    private Tenant tenant = null!;
    private HttpClient owner = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner));
        owner = ClientFor("owner", mspAdmin: true);
    }

    private static TestCaseData Row(string name, string method, string url, string? body, string? contentType, int expected) =>
        new TestCaseData(method, url, body, contentType, expected).SetName(name);

    public static IEnumerable<TestCaseData> Table()
    {
        const string keys = "/api/v1/tenants/{t}/api-keys";
        const string restores = "/api/v1/tenants/{t}/restore-runs";
        const string backupSets = "/api/v1/tenants/{t}/backup-sets";
        const string tenants = "/api/v1/tenants";
        var validKey = "{\"name\":\"psa\",\"role\":\"Reader\"}";

        // Charsets: only UTF-8 JSON is read.
        yield return Row("Charset bogus on api-keys", "POST", keys, validKey, "application/json; charset=bogus", 415);
        yield return Row("Charset utf-7 on api-keys", "POST", keys, validKey, "application/json; charset=utf-7", 415);
        yield return Row("Charset utf-7 on tenants", "POST", tenants, "{\"name\":\"x\",\"entraTenantId\":\"" + Guid.NewGuid() + "\"}", "application/json; charset=utf-7", 415);
        yield return Row("Charset bogus on restore-runs", "POST", restores, "{}", "application/json; charset=bogus", 415);
        yield return Row("Charset bogus on backup-sets", "POST", backupSets, "{\"name\":\"x\",\"all\":true}", "application/json; charset=x-unknown", 415);
        yield return Row("Charset utf-16 declared", "POST", keys, validKey, "application/json; charset=utf-16", 415);
        yield return Row("Charset empty", "POST", keys, validKey, "application/json; charset=", 415);
        yield return Row("Content type unparseable", "POST", keys, validKey, "application/json;;=;", 415);

        // Content type and body presence.
        yield return Row("Wrong content type text/plain", "POST", keys, validKey, "text/plain", 415);
        yield return Row("Form content type", "POST", keys, "name=x&role=Reader", "application/x-www-form-urlencoded", 415);
        yield return Row("No content type", "POST", keys, validKey, null, 415);
        yield return Row("Empty body", "POST", keys, "", Json, 400);
        yield return Row("Body null literal", "POST", keys, "null", Json, 400);
        yield return Row("Whitespace body", "POST", keys, "   ", Json, 400);

        // Broken JSON.
        yield return Row("Truncated JSON", "POST", keys, "{\"name\":", Json, 400);
        yield return Row("Trailing comma", "POST", keys, "{\"name\":\"x\",}", Json, 400);
        yield return Row("Single quotes", "POST", keys, "{'name':'x'}", Json, 400);
        yield return Row("Comment in JSON", "POST", keys, "{/*c*/\"name\":\"x\"}", Json, 400);
        yield return Row("Two documents", "POST", keys, "{\"name\":\"x\"}{\"name\":\"y\"}", Json, 400);
        yield return Row("Array instead of object", "POST", tenants, "[]", Json, 400);
        yield return Row("String instead of object", "POST", restores, "\"x\"", Json, 400);
        yield return Row("Lone surrogate escape", "POST", keys, "{\"name\":\"\\uD800\",\"role\":\"Reader\"}", Json, 400);

        // Wrong types.
        yield return Row("Number for a string", "POST", keys, "{\"name\":123,\"role\":\"Reader\"}", Json, 400);
        yield return Row("Object for a string", "POST", keys, "{\"name\":{},\"role\":\"Reader\"}", Json, 400);
        yield return Row("String for a bool", "POST", restores, "{\"backupSetId\":\"" + Guid.NewGuid() + "\",\"dryRun\":\"yes\"}", Json, 400);
        yield return Row("Number for a GUID", "POST", restores, "{\"backupSetId\":5}", Json, 400);
        yield return Row("String for a list", "POST", restores, "{\"backupSetId\":\"" + Guid.NewGuid() + "\",\"backupItemIds\":\"abc\"}", Json, 400);
        yield return Row("Numbers in a GUID list", "POST", backupSets, "{\"name\":\"x\",\"policyIds\":[1,2]}", Json, 400);
        yield return Row("Malformed GUID in body", "POST", tenants, "{\"name\":\"x\",\"entraTenantId\":\"nope\"}", Json, 400);
        yield return Row("Malformed GUID in a list", "POST", backupSets, "{\"name\":\"x\",\"policyIds\":[\"nope\"]}", Json, 400);

        // Huge numbers.
        yield return Row("Huge number for a string", "POST", keys, "{\"name\":1e400,\"role\":\"Reader\"}", Json, 400);
        yield return Row("Huge page number", "GET", "/api/v1/tenants/{t}/runs?page=99999999999999999999", null, null, 400);
        yield return Row("Exponent page size", "GET", "/api/v1/tenants/{t}/runs?pageSize=1e309", null, null, 400);

        // Nulls for required fields.
        yield return Row("Null name and role", "POST", keys, "{\"name\":null,\"role\":null}", Json, 400);
        yield return Row("Null tenant fields", "POST", tenants, "{\"name\":null,\"entraTenantId\":null}", Json, 400);
        yield return Row("Null backup set id", "POST", restores, "{\"backupSetId\":null}", Json, 400);
        yield return Row("Empty GUID backup set id", "POST", restores, "{\"backupSetId\":\"00000000-0000-0000-0000-000000000000\"}", Json, 400);

        // Duplicated properties, deep nesting, overlong strings.
        yield return Row("Duplicated property", "POST", keys, "{\"name\":\"a\",\"name\":\"b\",\"role\":\"Reader\"}", Json, 400);
        yield return Row("Duplicated property differing in case", "POST", keys, "{\"role\":\"Reader\",\"Role\":\"Owner\",\"name\":\"a\"}", Json, 400);
        yield return Row("Deep nesting", "POST", keys, "{\"name\":\"x\",\"extra\":" + new string('[', 200) + new string(']', 200) + "}", Json, 400);
        yield return Row("Name too long", "POST", keys, "{\"name\":\"" + new string('x', 201) + "\"}", Json, 400);
        yield return Row("Graph profile too long", "POST", tenants, "{\"name\":\"x\",\"entraTenantId\":\"" + Guid.NewGuid() + "\",\"graphProfile\":\"" + new string('p', 101) + "\"}", Json, 400);
        yield return Row("Body over the size limit", "POST", keys, "{\"name\":\"" + new string('x', 1_100_000) + "\"}", Json, 413);

        // Bad GUIDs in route and query.
        yield return Row("Malformed tenant id in route", "GET", "/api/v1/tenants/not-a-guid/runs", null, null, 400);
        yield return Row("Malformed run id in route", "GET", "/api/v1/tenants/{t}/runs/12345", null, null, 400);
        yield return Row("Malformed GUID in query", "GET", "/api/v1/tenants/{t}/restore-runs?backupSetId=nope", null, null, 400);
        yield return Row("Malformed bool in query", "GET", "/api/v1/tenants/{t}/restore-runs?dryRun=maybe", null, null, 400);

        // Enums in bodies: one defined name only.
        yield return Row("Enum comma list in body", "POST", keys, "{\"name\":\"x\",\"role\":\"Reader, Operator\"}", Json, 400);
        yield return Row("Enum comma list without space", "POST", keys, "{\"name\":\"x\",\"role\":\"Reader,Operator\"}", Json, 400);
        yield return Row("Enum integer in body", "POST", keys, "{\"name\":\"x\",\"role\":3}", Json, 400);
        yield return Row("Enum integer string in body", "POST", keys, "{\"name\":\"x\",\"role\":\"3\"}", Json, 400);
        yield return Row("Enum undefined integer string", "POST", keys, "{\"name\":\"x\",\"role\":\"7\"}", Json, 400);
        yield return Row("Enum unknown name in body", "POST", keys, "{\"name\":\"x\",\"role\":\"God\"}", Json, 400);
        yield return Row("Enum empty string in body", "POST", keys, "{\"name\":\"x\",\"role\":\"\"}", Json, 400);
        yield return Row("Enum padded name in body", "POST", keys, "{\"name\":\"x\",\"role\":\" Owner\"}", Json, 400);

        // Enums in query strings: one defined name only.
        yield return Row("Enum integer in query", "GET", "/api/v1/tenants/{t}/runs?status=1", null, null, 400);
        yield return Row("Enum comma list in query", "GET", "/api/v1/tenants/{t}/runs?status=Queued,Running", null, null, 400);
        yield return Row("Enum repeated in query", "GET", "/api/v1/tenants/{t}/runs?status=Queued&status=Running", null, null, 400);
        yield return Row("Enum undefined integer in query", "GET", "/api/v1/tenants/{t}/runs?kind=99", null, null, 400);
        yield return Row("Enum unknown name in query", "GET", "/api/v1/tenants/{t}/runs?status=Bogus", null, null, 400);
        yield return Row("Item status integer in query", "GET", "/api/v1/tenants/{t}/runs/" + Guid.NewGuid() + "?itemStatus=2", null, null, 400);
        yield return Row("Backup set status integer in query", "GET", "/api/v1/tenants/{t}/backup-sets?status=0", null, null, 400);
        yield return Row("Restore status comma list in query", "GET", "/api/v1/tenants/{t}/restore-runs?status=Failed,Succeeded", null, null, 400);
    }

    [TestCaseSource(nameof(Table))]
    public async Task Malformed_request_gets_a_4xx_problem_never_a_5xx(string method, string url, string? body, string? contentType, int expected)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{t}", tenant.Id.ToString()));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        var response = await owner.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.LessThan(500), text);
        var problem = await response.ReadProblemAsync((HttpStatusCode)expected);
        Assert.That(problem["code"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
        Assert.That(text, Does.Not.Contain("   at ").And.Not.Contain("Exception"));
    }

    [Test]
    public async Task Invalid_utf8_bytes_in_the_body_are_400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"name\":\"x\",\"role\":\"Reader\"}").ToList();
        bytes.InsertRange(10, new byte[] { 0xC3, 0x28, 0xFF });
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tenants/{tenant.Id}/api-keys") { Content = new ByteArrayContent([.. bytes]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", Json);
        var problem = await (await owner.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task A_comma_list_role_creates_no_api_key_and_the_400_lists_the_allowed_values()
    {
        var response = await owner.PostAsync($"/api/v1/tenants/{tenant.Id}/api-keys",
            new StringContent("{\"name\":\"escalate\",\"role\":\"Reader, Operator\"}", Encoding.UTF8, Json));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        var errors = problem["errors"]!["role"]!.ToJsonString();
        Assert.That(errors, Does.Contain("Reader").And.Contain("Operator").And.Contain("Owner"));
        Assert.That(await DbAsync(db => db.ApiKeys.CountAsync(k => k.Name == "escalate")), Is.EqualTo(0));
    }

    [Test]
    public async Task A_query_enum_given_as_an_integer_lists_the_allowed_values()
    {
        var problem = await (await owner.GetAsync($"/api/v1/tenants/{tenant.Id}/runs?status=1")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        Assert.That(problem["errors"]!["status"]!.ToJsonString(), Does.Contain("Queued").And.Contain("Running").And.Contain("Succeeded"));
    }

    [Test]
    public async Task One_defined_enum_name_is_accepted_in_body_and_query()
    {
        var created = await owner.PostAsync($"/api/v1/tenants/{tenant.Id}/api-keys", new StringContent("{\"name\":\"ops\",\"role\":\"Operator\"}", Encoding.UTF8, Json));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(await DbAsync(db => db.ApiKeys.Where(k => k.Name == "ops").Select(k => k.Role).SingleAsync()), Is.EqualTo(TenantRole.Operator));
        var utf8 = await owner.PostAsync($"/api/v1/tenants/{tenant.Id}/api-keys", new StringContent("{\"name\":\"ops2\",\"role\":\"Reader\"}", Encoding.UTF8, Json));
        Assert.That(utf8.StatusCode, Is.EqualTo(HttpStatusCode.Created), "application/json; charset=utf-8 is read");
        var list = await owner.GetAsync($"/api/v1/tenants/{tenant.Id}/runs?status=Queued&kind=BulkOperation");
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), await list.Content.ReadAsStringAsync());
    }
}
