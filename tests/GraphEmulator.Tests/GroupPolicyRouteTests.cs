using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>
/// Administrative templates: configurations, their definition values bound to the groupPolicyDefinitions catalog, and
/// the definition values' presentation values bound to that definition's presentations; as strict as Graph.
/// </summary>
public class GroupPolicyRouteTests : EmulatorTestHost
{
    private const string Configurations = "deviceManagement/groupPolicyConfigurations";
    private const string TextDefinition = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0004";
    private const string TextPresentation = "9a1e57c2-3d4b-4f6a-8c2d-0e1f2a3b0041";
    private const string DecimalDefinition = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0005";
    private const string DecimalPresentation = "9a1e57c2-3d4b-4f6a-8c2d-0e1f2a3b0051";

    [Test]
    public async Task The_catalog_serves_definitions_and_their_presentations()
    {
        var (client, _) = NewTenantClient();
        var definitions = (await ReadObject(await client.GetAsync("deviceManagement/groupPolicyDefinitions")))["value"]!.AsArray();
        Assert.That(definitions.Select(d => d!["id"]!.GetValue<string>()), Does.Contain(TextDefinition).And.Contain(DecimalDefinition));
        var presentations = (await ReadObject(await client.GetAsync($"deviceManagement/groupPolicyDefinitions/{DecimalDefinition}/presentations")))["value"]!.AsArray();
        Assert.That(presentations.Single()!["@odata.type"]!.GetValue<string>(), Is.EqualTo("#microsoft.graph.groupPolicyPresentationDecimalTextBox"));
        Assert.That((await client.GetAsync("deviceManagement/groupPolicyDefinitions/00000000-0000-0000-0000-000000000000")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await PostJson(client, "deviceManagement/groupPolicyDefinitions", new JsonObject { ["displayName"] = "x" })).StatusCode,
            Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Definition_and_presentation_values_are_created_bound_and_read_back_expanded()
    {
        var (client, _) = NewTenantClient();
        var id = await NewConfigurationAsync(client);
        var created = await PostJson(client, $"{Configurations}/{id}/definitionValues", DefinitionValue(client, DecimalDefinition));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var valueId = (await ReadObject(created))["id"]!.GetValue<string>();
        var presentation = await PostJson(client, $"{Configurations}/{id}/definitionValues/{valueId}/presentationValues", new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.groupPolicyPresentationValueDecimal", ["value"] = 8,
            ["presentation@odata.bind"] = Bind(client, DecimalDefinition, DecimalPresentation),
        });
        Assert.That(presentation.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var values = (await ReadObject(await client.GetAsync($"{Configurations}/{id}/definitionValues?$expand=definition")))["value"]!.AsArray();
        Assert.That(values.Single()!["definition"]!["id"]!.GetValue<string>(), Is.EqualTo(DecimalDefinition));
        Assert.That(values.Single()!.AsObject().Select(p => p.Key), Has.None.StartsWith("#"), "bound ids are not properties");
        var unexpanded = (await ReadObject(await client.GetAsync($"{Configurations}/{id}/definitionValues")))["value"]!.AsArray();
        Assert.That(unexpanded.Single()!.AsObject().ContainsKey("definition"), Is.False);

        var presentationValues = (await ReadObject(await client.GetAsync($"{Configurations}/{id}/definitionValues/{valueId}/presentationValues?$expand=presentation")))["value"]!.AsArray();
        Assert.That(presentationValues.Single()!["value"]!.GetValue<int>(), Is.EqualTo(8));
        Assert.That(presentationValues.Single()!["presentation"]!["id"]!.GetValue<string>(), Is.EqualTo(DecimalPresentation));

        Assert.That((await client.DeleteAsync($"{Configurations}/{id}/definitionValues/{valueId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ReadObject(await client.GetAsync($"{Configurations}/{id}/definitionValues")))["value"]!.AsArray(), Is.Empty);
    }

    [TestCase(null, TestName = "A_definition_value_without_a_definition_bind_is_answered_400")]
    [TestCase("deviceManagement/groupPolicyDefinitions/" + TextDefinition, TestName = "A_definition_bind_of_the_wrong_syntax_is_answered_400")]
    [TestCase("deviceManagement/groupPolicyDefinitions('00000000-0000-0000-0000-00000000dead')", TestName = "A_definition_bind_to_an_unknown_definition_is_answered_400")]
    [TestCase("deviceManagement/deviceConfigurations('" + TextDefinition + "')", TestName = "A_definition_bind_to_another_collection_is_answered_400")]
    public async Task Invalid_definition_binds_are_answered_400(string? bindPath)
    {
        var (client, _) = NewTenantClient();
        var id = await NewConfigurationAsync(client);
        var body = new JsonObject { ["enabled"] = true, ["configurationType"] = "policy" };
        if (bindPath is not null)
        {
            body["definition@odata.bind"] = new Uri(client.BaseAddress!, bindPath).AbsoluteUri;
        }

        Assert.That((await PostJson(client, $"{Configurations}/{id}/definitionValues", body)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(await client.GetAsync($"{Configurations}/{id}/definitionValues")))["value"]!.AsArray(), Is.Empty, "nothing stored");
    }

    [Test]
    public async Task An_expanded_definition_sent_back_instead_of_a_bind_is_answered_400()
    {
        var (client, _) = NewTenantClient();
        var id = await NewConfigurationAsync(client);
        var body = DefinitionValue(client, TextDefinition);
        body["definition"] = new JsonObject { ["id"] = TextDefinition, ["displayName"] = "Set a default associations configuration file" };
        Assert.That((await PostJson(client, $"{Configurations}/{id}/definitionValues", body)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_presentation_bind_to_a_presentation_of_another_definition_is_answered_400()
    {
        var (client, _) = NewTenantClient();
        var id = await NewConfigurationAsync(client);
        var valueId = (await ReadObject(await PostJson(client, $"{Configurations}/{id}/definitionValues", DefinitionValue(client, TextDefinition))))["id"]!.GetValue<string>();
        var url = $"{Configurations}/{id}/definitionValues/{valueId}/presentationValues";
        JsonObject Text(string bind) => new() { ["@odata.type"] = "#microsoft.graph.groupPolicyPresentationValueText", ["value"] = "x", ["presentation@odata.bind"] = bind };

        // The decimal definition's presentation, named under either definition: neither belongs to this value's definition.
        Assert.That((await PostJson(client, url, Text(Bind(client, DecimalDefinition, DecimalPresentation)))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, url, Text(Bind(client, TextDefinition, DecimalPresentation)))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, url, new JsonObject { ["@odata.type"] = "#microsoft.graph.groupPolicyPresentationValueText", ["value"] = "x" })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest), "no bind");
        Assert.That((await PostJson(client, url, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.groupPolicyPresentationValueDecimal", ["value"] = 3, ["presentation@odata.bind"] = Bind(client, TextDefinition, TextPresentation),
        })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a decimal value for a text box");
        Assert.That((await PostJson(client, url, Text(Bind(client, TextDefinition, TextPresentation)))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Definition_values_deep_inserted_in_a_configuration_create_or_update_are_answered_400()
    {
        var (client, _) = NewTenantClient();
        var deep = await PostJson(client, Configurations, new JsonObject
        {
            ["displayName"] = "Deep", ["definitionValues"] = new JsonArray(DefinitionValue(client, TextDefinition)),
        });
        Assert.That(deep.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var id = await NewConfigurationAsync(client);
        Assert.That((await SendJson(client, HttpMethod.Patch, $"{Configurations}/{id}",
            new JsonObject { ["definitionValues"] = new JsonArray(DefinitionValue(client, TextDefinition)) })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_definition_value_patch_changes_only_its_own_properties()
    {
        var (client, _) = NewTenantClient();
        var id = await NewConfigurationAsync(client);
        var valueId = (await ReadObject(await PostJson(client, $"{Configurations}/{id}/definitionValues", DefinitionValue(client, TextDefinition))))["id"]!.GetValue<string>();
        var path = $"{Configurations}/{id}/definitionValues/{valueId}";
        Assert.That((await SendJson(client, HttpMethod.Patch, path, new JsonObject { ["enabled"] = false })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ReadObject(await client.GetAsync(path)))["enabled"]!.GetValue<bool>(), Is.False);
        Assert.That((await SendJson(client, HttpMethod.Patch, path, new JsonObject { ["definition@odata.bind"] = Bind(client, DecimalDefinition) })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest), "the definition is bound once, on create");
        Assert.That((await SendJson(client, HttpMethod.Patch, path, new JsonObject { ["configurationType"] = "sometimes" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Assign_takes_assignments_and_the_configuration_expands_them()
    {
        var (client, _) = NewTenantClient();
        var id = await NewConfigurationAsync(client);
        var group = Guid.NewGuid();
        var assign = await PostJson(client, $"{Configurations}/{id}/assign", new JsonObject { ["assignments"] = new JsonArray(GroupTarget(group)) });
        Assert.That(assign.IsSuccessStatusCode, Is.True);
        var read = await ReadObject(await client.GetAsync($"{Configurations}/{id}?$expand=assignments"));
        Assert.That(read["assignments"]!.AsArray().Single()!["target"]!["groupId"]!.GetValue<string>(), Is.EqualTo(group.ToString()));
        Assert.That((await PostJson(client, $"{Configurations}/{id}/assign", new JsonObject { ["groupPolicyConfigurationAssignments"] = new JsonArray() })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static async Task<string> NewConfigurationAsync(HttpClient client)
    {
        var response = await PostJson(client, Configurations, new JsonObject { ["displayName"] = "Admin template", ["description"] = "d" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await ReadObject(response))["id"]!.GetValue<string>();
    }

    private static JsonObject DefinitionValue(HttpClient client, string definitionId) => new()
    {
        ["enabled"] = true, ["configurationType"] = "policy", ["definition@odata.bind"] = Bind(client, definitionId),
    };

    private static string Bind(HttpClient client, string definitionId, string? presentationId = null) =>
        new Uri(client.BaseAddress!, $"deviceManagement/groupPolicyDefinitions('{definitionId}')" + (presentationId is null ? string.Empty : $"/presentations('{presentationId}')")).AbsoluteUri;
}
