using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.UnitTests.Graph;

public class GraphErrorSanitizerTests
{
    private const string Jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXBhcnQtMTIzNDU2Nzg5MA";
    private const string ClientSecret = "Qx8Q~abcDEF123ghiJKL456mnoPQR789stuVWX0";

    [Test]
    public void Sanitize_removes_planted_tokens_and_secrets_when_they_appear_in_free_text()
    {
        var text = $"Request failed. Authorization: Bearer {Jwt}\n client_secret={ClientSecret}&grant_type=client_credentials " +
                   $"password=Hunter2! url https://store.blob.core.windows.net/x?sv=2020&sig=AbCdEf123%2B456&se=2030 " +
                   $"raw {Jwt} token: {ClientSecret} blob QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=";

        var sanitized = GraphErrorSanitizer.Sanitize(text, maxLength: 0);

        Assert.That(sanitized, Does.Not.Contain("eyJ"));
        Assert.That(sanitized, Does.Not.Contain(ClientSecret));
        Assert.That(sanitized, Does.Not.Contain("Hunter2"));
        Assert.That(sanitized, Does.Not.Contain("AbCdEf123"));
        Assert.That(sanitized, Does.Not.Contain("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk"));
        Assert.That(sanitized, Does.Contain("Request failed."));
        Assert.That(sanitized, Does.Contain("[redacted]"));
    }

    [Test]
    public void Sanitize_removes_emulator_bearer_tokens_and_stack_traces_when_present()
    {
        var text = "Bearer emulator:11111111-2222-3333-4444-555555555555 failed\n   at TenantAtlas.Infrastructure.Graph.GraphReader.GetAsync(String id) in /src/x.cs:line 4";

        var sanitized = GraphErrorSanitizer.Sanitize(text);

        Assert.That(sanitized, Does.Not.Contain("emulator:"));
        Assert.That(sanitized, Does.Not.Contain("GraphReader"));
        Assert.That(sanitized, Does.Not.Contain("line 4"));
    }

    [Test]
    public void Sanitize_keeps_graph_ids_and_paths_when_they_hold_no_secret()
    {
        const string text = "Resource 'deviceManagement/deviceConfigurations/3f2504e0-4f89-11d3-9a0c-0305e82c3301' of type #microsoft.graph.windows10GeneralConfiguration was not found.";

        Assert.That(GraphErrorSanitizer.Sanitize(text), Is.EqualTo(text));
    }

    [Test]
    public void Sanitize_truncates_long_messages_when_they_exceed_the_limit()
    {
        var sanitized = GraphErrorSanitizer.Sanitize(new string('a', 20) + " " + string.Join(' ', Enumerable.Repeat("word", 200)));

        Assert.That(sanitized.Length, Is.LessThanOrEqualTo(GraphErrorSanitizer.MaxMessageLength));
    }

    [Test]
    public void FromResponse_keeps_code_status_message_and_request_id_when_given_a_graph_envelope()
    {
        var body = """
            {"error":{"code":"Forbidden","message":"Access denied for token Bearer JWT",
              "innerError":{"date":"2024-01-01T00:00:00","request-id":"7c8f3f1a-1111-2222-3333-444455556666","client-request-id":"x"}}}
            """.Replace("JWT", Jwt);

        var error = GraphErrorSanitizer.FromResponse(403, body, requestIdHeader: null);

        Assert.That(error.Code, Is.EqualTo(GraphErrorCodes.Forbidden));
        Assert.That(error.HttpStatus, Is.EqualTo(403));
        Assert.That(error.GraphCode, Is.EqualTo("Forbidden"));
        Assert.That(error.RequestId, Is.EqualTo("7c8f3f1a-1111-2222-3333-444455556666"));
        Assert.That(error.Message, Does.StartWith("Access denied"));
        Assert.That(error.Message, Does.Not.Contain("eyJ"));
    }

    [TestCase(400, GraphErrorCodes.BadRequest)]
    [TestCase(401, GraphErrorCodes.Unauthorized)]
    [TestCase(404, GraphErrorCodes.NotFound)]
    [TestCase(409, GraphErrorCodes.Conflict)]
    [TestCase(429, GraphErrorCodes.Throttled)]
    [TestCase(503, GraphErrorCodes.Unavailable)]
    [TestCase(504, GraphErrorCodes.Unavailable)]
    [TestCase(500, GraphErrorCodes.Failed)]
    public void FromResponse_maps_the_status_to_our_code_when_the_body_is_not_json(int status, string code)
    {
        var error = GraphErrorSanitizer.FromResponse(status, "<html>proxy</html>", "0f8fad5b-d9cb-469f-a165-70867728950e");

        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.RequestId, Is.EqualTo("0f8fad5b-d9cb-469f-a165-70867728950e"));
        Assert.That(error.Message, Does.Contain(status.ToString()));
    }

    [Test]
    public void FromResponse_keys_throttling_off_the_status_when_the_body_code_says_otherwise()
    {
        var error = GraphErrorSanitizer.FromResponse(429, """{"error":{"code":"BadRequest","message":"slow down"}}""");

        Assert.That(error.Code, Is.EqualTo(GraphErrorCodes.Throttled));
        Assert.That(error.GraphCode, Is.EqualTo("BadRequest"));
    }

    public static IEnumerable<TestCaseData> Planted() =>
        PlantedSecrets.All.Select(p => new TestCaseData(p).SetName($"Planted secret does not survive: {p.Name}"));

    [TestCaseSource(nameof(Planted))]
    public void Planted_secret_survives_neither_the_message_sanitizer_nor_the_error_envelope(PlantedSecrets.Planted planted)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["error"] = new System.Text.Json.Nodes.JsonObject
            {
                ["code"] = planted.Code,
                ["message"] = planted.Message,
                ["innerError"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["date"] = "2026-12-02T00:00:00",
                    ["request-id"] = "7c8f3f1a-1111-2222-3333-444455556666",
                    ["client-request-id"] = "0f8fad5b-d9cb-469f-a165-70867728950e",
                },
            },
        }.ToJsonString();

        var error = GraphErrorSanitizer.FromResponse(403, body);
        var again = GraphErrorSanitizer.Sanitize(error);
        var free = GraphErrorSanitizer.Sanitize(planted.Message, maxLength: 0);

        foreach (var fragment in planted.Fragments)
        {
            Assert.That(error.ToString(), Does.Not.Contain(fragment), "FromResponse");
            Assert.That(again.ToString(), Does.Not.Contain(fragment), "Sanitize(GraphError)");
            Assert.That(free, Does.Not.Contain(fragment), "Sanitize(text)");
        }

        Assert.That(PlantedSecrets.All, Has.Count.GreaterThanOrEqualTo(50));
        Assert.That(error.RequestId, Is.EqualTo("7c8f3f1a-1111-2222-3333-444455556666"), "the request-id is kept");
        Assert.That(error.ClientRequestId, Is.EqualTo("0f8fad5b-d9cb-469f-a165-70867728950e"), "the client-request-id is kept");
        Assert.That(error.Date, Is.EqualTo(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)), "the date is kept");
        Assert.That(error.HttpStatus, Is.EqualTo(403));
    }

    [TestCase("Request_ResourceNotFound")]
    [TestCase("InvalidAuthenticationToken")]
    [TestCase("Authorization_RequestDenied")]
    [TestCase("generalException")]
    [TestCase("accessDenied")]
    [TestCase("BadRequest")]
    [TestCase("InternalServerError")]
    [TestCase("ModelValidationFailure")]
    public void FromResponse_keeps_graph_codes_when_they_have_the_shape_of_a_code(string code)
    {
        var error = GraphErrorSanitizer.FromResponse(400, $$$"""{"error":{"code":"{{{code}}}","message":"x"}}""");

        Assert.That(error.GraphCode, Is.EqualTo(code));
    }

    [TestCase("Ri1NotAGuidSecret")]
    [TestCase("Bearer abc")]
    [TestCase("7c8f3f1a-1111-2222-3333-444455556666 client_secret=x")]
    public void FromResponse_drops_ids_and_dates_when_they_are_not_guids_and_timestamps(string planted)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["error"] = new System.Text.Json.Nodes.JsonObject
            {
                ["code"] = "Forbidden",
                ["message"] = "Access denied.",
                ["innerError"] = new System.Text.Json.Nodes.JsonObject { ["date"] = planted, ["request-id"] = planted, ["client-request-id"] = planted },
            },
        }.ToJsonString();

        var error = GraphErrorSanitizer.FromResponse(403, body, requestIdHeader: planted);

        Assert.That(error.RequestId, Is.Null);
        Assert.That(error.ClientRequestId, Is.Null);
        Assert.That(error.Date, Is.Null);
        Assert.That(error.ToString(), Does.Not.Contain(planted));
    }

    [TestCase("Access denied.")]
    [TestCase("Insufficient privileges to complete the operation.")]
    [TestCase("Resource 'deviceManagement/deviceConfigurations/3f2504e0-4f89-11d3-9a0c-0305e82c3301' does not exist or one of its queried reference-property objects are not present.")]
    [TestCase("Access token has expired or is not yet valid.")]
    [TestCase("Too many requests, retry after 2.128 seconds.")]
    [TestCase("Property 'displayName' is required for #microsoft.graph.windows10GeneralConfiguration.")]
    [TestCase("AADSTS700016: Application with identifier was not found in the directory.")]
    public void Sanitize_keeps_plain_graph_messages_when_they_carry_no_value(string message)
    {
        Assert.That(GraphErrorSanitizer.Sanitize(message), Is.EqualTo(message));
    }

    [Test]
    public void Sanitize_only_removes_when_applied_again_on_the_log_and_store_paths()
    {
        foreach (var planted in PlantedSecrets.All)
        {
            var once = GraphErrorSanitizer.Sanitize(planted.Message);
            var twice = GraphErrorSanitizer.Sanitize(once);
            // Line breaks are gone after the first pass, so a secret word's clause may reach further the second time.
            Assert.That(Words(twice), Is.SubsetOf(Words(once)), planted.Name);
        }
    }

    private static string[] Words(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"[\p{L}\d]+").Select(m => m.Value)];
}
