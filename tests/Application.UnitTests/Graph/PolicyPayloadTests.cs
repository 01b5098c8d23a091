using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.UnitTests.Graph;

public class PolicyPayloadTests
{
    private static readonly PolicyTypeDefinition SettingsCatalog = PolicyTypes.Get(PolicyTypes.SettingsCatalogPolicy);
    private static readonly PolicyTypeDefinition Compliance = PolicyTypes.Get(PolicyTypes.DeviceCompliancePolicy);

    private const string SettingsCatalogJson = """
        {
          "@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceManagement/configurationPolicies/$entity",
          "@odata.type": "#microsoft.graph.deviceManagementConfigurationPolicy",
          "id": "0f1e2d3c-0000-4000-8000-000000000001",
          "name": "Edge hardening",
          "description": "ACSC",
          "createdDateTime": "2024-01-01T00:00:00Z",
          "lastModifiedDateTime": "2024-02-01T00:00:00Z",
          "settingCount": 2,
          "creationSource": null,
          "isAssigned": true,
          "roleScopeTagIds": ["0", "7"],
          "platforms": "windows10",
          "technologies": "mdm",
          "settings@odata.context": "https://graph.microsoft.com/beta/$metadata#settings",
          "settings": [
            { "id": "0", "settingInstance": { "@odata.type": "#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance",
                "settingDefinitionId": "device_vendor_msft_policy_config_edge_a", "choiceSettingValue": { "value": "x_1", "children": [] } } },
            { "id": "1", "@odata.etag": "W/\"1\"", "settingInstance": { "@odata.type": "#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance",
                "settingDefinitionId": "device_vendor_msft_policy_config_edge_b", "simpleSettingValue": { "value": 3 } } }
          ]
        }
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Test]
    public void Normalize_strips_server_properties_and_annotations_at_every_depth_when_given_a_full_read()
    {
        var normalized = PolicyPayload.Normalize(Parse(SettingsCatalogJson));

        Assert.That(normalized.ContainsKey("id"), Is.False);
        Assert.That(normalized.ContainsKey("createdDateTime"), Is.False);
        Assert.That(normalized.ContainsKey("lastModifiedDateTime"), Is.False);
        Assert.That(normalized.ContainsKey("settingCount"), Is.False);
        Assert.That(normalized.ContainsKey("creationSource"), Is.False);
        Assert.That(normalized.ContainsKey("isAssigned"), Is.False);
        Assert.That(normalized.ContainsKey("@odata.context"), Is.False);
        Assert.That(normalized.ContainsKey("settings@odata.context"), Is.False);
        Assert.That(normalized["@odata.type"]!.GetValue<string>(), Is.EqualTo("#microsoft.graph.deviceManagementConfigurationPolicy"));
        var settings = normalized["settings"]!.AsArray();
        Assert.That(settings, Has.Count.EqualTo(2));
        Assert.That(settings[0]!.AsObject().ContainsKey("id"), Is.False);
        Assert.That(settings[1]!.AsObject().ContainsKey("@odata.etag"), Is.False);
        Assert.That(settings[1]!["settingInstance"]!["@odata.type"], Is.Not.Null);
        Assert.That(settings[0]!["settingInstance"]!["settingDefinitionId"]!.GetValue<string>(), Does.EndWith("edge_a"));
    }

    [Test]
    public void Normalize_orders_properties_ordinally_at_every_depth_and_keeps_array_order()
    {
        var normalized = PolicyPayload.Normalize(Parse("""{ "b": 1, "a": { "z": 1, "y": [3, 1, 2] }, "C": true }"""));

        Assert.That(normalized.ToJsonString(), Is.EqualTo("""{"C":true,"a":{"y":[3,1,2],"z":1},"b":1}"""));
    }

    [Test]
    public void Normalize_does_not_change_the_input_when_called()
    {
        var input = Parse(SettingsCatalogJson);
        var before = input.ToJsonString();

        PolicyPayload.Normalize(input);

        Assert.That(input.ToJsonString(), Is.EqualTo(before));
    }

    [Test]
    public void ComputeHash_is_the_same_when_the_same_input_is_hashed_twice()
    {
        var first = Hash(Parse(SettingsCatalogJson), new JsonArray());
        var second = Hash(Parse(SettingsCatalogJson), new JsonArray());

        Assert.That(first, Is.EqualTo(second));
        Assert.That(first, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void ComputeHashOfNormalizedJson_equals_ComputeHash_when_given_the_serialised_normalised_parts()
    {
        var payload = Parse(SettingsCatalogJson);
        payload["description"] = "Zürich – \"quoted\" <tag> & 日本";
        var assignments = Assignments("g2", "g1", idPrefix: "a");
        var normalized = PolicyPayload.Normalize(payload);
        var normalizedAssignments = PolicyPayload.NormalizeAssignments(assignments);

        var fast = PolicyPayload.ComputeHashOfNormalizedJson(normalized.ToJsonString(), normalizedAssignments.ToJsonString());

        Assert.That(fast, Is.EqualTo(PolicyPayload.ComputeHash(normalized, normalizedAssignments)));
        Assert.That(PolicyPayload.ComputeHashOfNormalizedJson("{}", "[]"), Is.EqualTo(PolicyPayload.ComputeHash(new JsonObject(), new JsonArray())));
    }

    [Test]
    public void ComputeHash_ignores_property_order_when_properties_are_reordered()
    {
        var a = Hash(Parse("""{ "displayName": "P", "x": { "m": 1, "n": 2 } }"""), new JsonArray());
        var b = Hash(Parse("""{ "x": { "n": 2, "m": 1 }, "displayName": "P" }"""), new JsonArray());

        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void ComputeHash_ignores_server_properties_when_only_they_differ()
    {
        var a = Parse(SettingsCatalogJson);
        var b = Parse(SettingsCatalogJson);
        b["id"] = "another-id";
        b["lastModifiedDateTime"] = "2025-05-05T00:00:00Z";
        b["version"] = 9;
        b["@odata.context"] = "elsewhere";
        b["settings"]![0]!["id"] = "42";

        Assert.That(Hash(a, new JsonArray()), Is.EqualTo(Hash(b, new JsonArray())));
    }

    [Test]
    public void ComputeHash_changes_when_a_setting_value_changes()
    {
        var a = Parse(SettingsCatalogJson);
        var b = Parse(SettingsCatalogJson);
        b["settings"]![1]!["settingInstance"]!["simpleSettingValue"]!["value"] = 4;

        Assert.That(Hash(a, new JsonArray()), Is.Not.EqualTo(Hash(b, new JsonArray())));
    }

    [Test]
    public void ComputeHash_changes_when_assignments_change_but_not_when_their_order_or_ids_change()
    {
        var payload = Parse("""{ "displayName": "P" }""");
        var one = Assignments("g1", "g2", idPrefix: "a");
        var reordered = Assignments("g2", "g1", idPrefix: "b");
        var other = Assignments("g1", "g3", idPrefix: "a");

        Assert.That(Hash(payload, one), Is.EqualTo(Hash(payload, reordered)));
        Assert.That(Hash(payload, one), Is.Not.EqualTo(Hash(payload, other)));
    }

    [Test]
    public void NormalizeAssignments_strips_ids_and_sorts_by_target_when_given_graph_assignments()
    {
        var normalized = PolicyPayload.NormalizeAssignments(Assignments("g2", "g1", idPrefix: "x"));

        Assert.That(normalized[0]!["target"]!["groupId"]!.GetValue<string>(), Is.EqualTo("g1"));
        Assert.That(normalized[0]!.AsObject().ContainsKey("id"), Is.False);
        Assert.That(normalized[0]!.AsObject().ContainsKey("sourceId"), Is.False);
        Assert.That(normalized[0]!["target"]!["@odata.type"]!.GetValue<string>(), Is.EqualTo("#microsoft.graph.groupAssignmentTarget"));
    }

    [Test]
    public void PrepareForWrite_strips_read_only_properties_and_annotations_when_preparing_a_settings_catalog_policy()
    {
        var prepared = PolicyPayload.PrepareForWrite(Parse(SettingsCatalogJson), SettingsCatalog);

        foreach (var name in new[] { "id", "createdDateTime", "lastModifiedDateTime", "settingCount", "creationSource", "isAssigned", "@odata.context", "settings@odata.context" })
        {
            Assert.That(prepared.ContainsKey(name), Is.False, name);
        }

        Assert.That(prepared["@odata.type"], Is.Not.Null);
        Assert.That(prepared["roleScopeTagIds"]!.ToJsonString(), Is.EqualTo("""["0","7"]"""));
        var settings = prepared["settings"]!.AsArray();
        Assert.That(settings, Has.Count.EqualTo(2), "settings are needed to create a settings catalog policy");
        Assert.That(settings.All(s => !s!.AsObject().ContainsKey("id")), Is.True);
        Assert.That(settings[1]!.AsObject().ContainsKey("@odata.etag"), Is.False);
    }

    [Test]
    public void PrepareForWrite_defaults_role_scope_tags_and_drops_supportsScopeTags_when_they_are_missing()
    {
        var prepared = PolicyPayload.PrepareForWrite(
            Parse("""{ "displayName": "P", "supportsScopeTags": true, "version": 3, "modifiedDateTime": "x", "roleScopeTagIds": [] }"""),
            PolicyTypes.Get(PolicyTypes.DeviceConfiguration));

        Assert.That(prepared.ToJsonString(), Is.EqualTo("""{"displayName":"P","roleScopeTagIds":["0"]}"""));
    }

    [Test]
    public void PrepareForWrite_keeps_scheduled_actions_without_ids_when_preparing_a_compliance_policy()
    {
        var payload = Parse("""
            { "id": "c1", "displayName": "C", "assignments": [], "scheduledActionsForRule@odata.context": "ctx",
              "scheduledActionsForRule": [ { "id": "r1", "ruleName": "PasswordRequired",
                "scheduledActionConfigurations": [ { "id": "s1", "actionType": "block", "gracePeriodHours": 0 } ] } ] }
            """);

        var prepared = PolicyPayload.PrepareForWrite(payload, Compliance);

        Assert.That(prepared.ToJsonString(), Is.EqualTo(
            """{"displayName":"C","scheduledActionsForRule":[{"ruleName":"PasswordRequired","scheduledActionConfigurations":[{"actionType":"block","gracePeriodHours":0}]}],"roleScopeTagIds":["0"]}"""));
    }

    [Test]
    public void PrepareAssignmentsForWrite_drops_ids_and_keeps_target_and_filter_when_given_graph_assignments()
    {
        var assignments = JsonNode.Parse("""
            [ { "id": "a1", "source": "direct", "sourceId": "p1", "intent": "apply",
                "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g1",
                  "deviceAndAppManagementAssignmentFilterId": "f1", "deviceAndAppManagementAssignmentFilterType": "include" } } ]
            """)!.AsArray();

        var prepared = PolicyPayload.PrepareAssignmentsForWrite(assignments);

        Assert.That(prepared.ToJsonString(), Is.EqualTo(
            """[{"intent":"apply","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}}]"""));
    }

    [Test]
    public void FindMaskedSecrets_reports_masks_encrypted_values_and_secret_references_when_present()
    {
        var payload = Parse("""
            {
              "displayName": "Wifi ****",
              "preSharedKey": "********",
              "omaSettings": [
                { "omaUri": "./a", "value": "plain" },
                { "omaUri": "./b", "isEncrypted": true, "value": "abc" },
                { "omaUri": "./c", "secretReferenceValueId": "ref-1", "value": null },
                { "omaUri": "./d", "secretReferenceValueId": "ref-2", "value": "real" }
              ]
            }
            """);

        var paths = PolicyPayload.FindMaskedSecrets(payload);

        Assert.That(paths, Is.EqualTo(new[] { "$.omaSettings[1]", "$.omaSettings[2]", "$.preSharedKey" }));
    }

    [Test]
    public void FindMaskedSecrets_returns_nothing_when_the_payload_has_no_masks()
    {
        Assert.That(PolicyPayload.FindMaskedSecrets(Parse(SettingsCatalogJson)), Is.Empty);
    }

    private static string Hash(JsonObject payload, JsonArray assignments) =>
        PolicyPayload.ComputeHash(PolicyPayload.Normalize(payload), PolicyPayload.NormalizeAssignments(assignments));

    private static JsonArray Assignments(string first, string second, string idPrefix) =>
        new(Assignment(idPrefix + "1", first), Assignment(idPrefix + "2", second));

    private static JsonObject Assignment(string id, string groupId) => new()
    {
        ["id"] = id,
        ["sourceId"] = "policy-" + id,
        ["target"] = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget",
            ["groupId"] = groupId,
            ["deviceAndAppManagementAssignmentFilterType"] = "none",
        },
    };
}
