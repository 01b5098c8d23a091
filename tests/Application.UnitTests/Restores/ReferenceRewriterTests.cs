using System.Text.Json.Nodes;
using NUnit.Framework;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.UnitTests.Restores;

public sealed class ReferenceRewriterTests
{
    private static JsonArray Assignments() => JsonNode.Parse("""
        [
          { "id": "a1", "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g-src",
            "deviceAndAppManagementAssignmentFilterId": "f-src", "deviceAndAppManagementAssignmentFilterType": "include" } },
          { "id": "a2", "target": { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget",
            "deviceAndAppManagementAssignmentFilterId": "00000000-0000-0000-0000-000000000000" } }
        ]
        """)!.AsArray();

    [Test]
    public void Same_tenant_restore_keeps_unmapped_ids_and_rewrites_recorded_ones()
    {
        var map = new RestoreIdMap();
        map.Record(ReferenceKind.AssignmentFilter, "F-SRC", "f-new");

        var rewrite = ReferenceRewriter.RewriteAssignments(Assignments(), map);

        Assert.That(rewrite.Unresolved, Is.Empty);
        Assert.That(rewrite.Assignments, Has.Count.EqualTo(2));
        Assert.That((string?)rewrite.Assignments[0]!["target"]!["groupId"], Is.EqualTo("g-src"));
        Assert.That((string?)rewrite.Assignments[0]!["target"]!["deviceAndAppManagementAssignmentFilterId"], Is.EqualTo("f-new"));
    }

    [Test]
    public void Cross_tenant_restore_reports_and_drops_an_assignment_whose_group_is_unmapped()
    {
        var map = new RestoreIdMap(requireMapping: true);
        map.Record(ReferenceKind.AssignmentFilter, "f-src", "f-target");
        var input = Assignments();

        var rewrite = ReferenceRewriter.RewriteAssignments(input, map);

        Assert.That(rewrite.Assignments, Has.Count.EqualTo(1));
        Assert.That((string?)rewrite.Assignments[0]!["id"], Is.EqualTo("a2"));
        Assert.That(rewrite.Unresolved, Is.EqualTo(new[]
        {
            new UnresolvedReference(ReferenceKind.Group, "g-src", "$.assignments[0].target.groupId"),
        }));
        Assert.That((string?)input[0]!["target"]!["groupId"], Is.EqualTo("g-src"), "the input is never modified");
    }

    [Test]
    public void An_unmapped_filter_either_drops_the_assignment_or_only_the_filter()
    {
        var map = new RestoreIdMap(requireMapping: true);
        map.Record(ReferenceKind.Group, "g-src", "g-target");

        var strict = ReferenceRewriter.RewriteAssignments(Assignments(), map);
        var lenient = ReferenceRewriter.RewriteAssignments(Assignments(), map, dropUnresolvedFilters: true);

        Assert.That(strict.Assignments, Has.Count.EqualTo(1));
        Assert.That(lenient.Assignments, Has.Count.EqualTo(2));
        var target = lenient.Assignments[0]!["target"]!.AsObject();
        Assert.That((string?)target["groupId"], Is.EqualTo("g-target"));
        Assert.That(target.ContainsKey("deviceAndAppManagementAssignmentFilterId"), Is.False);
        Assert.That((string?)target["deviceAndAppManagementAssignmentFilterType"], Is.EqualTo("none"));
        Assert.That(lenient.Unresolved.Single().Kind, Is.EqualTo(ReferenceKind.AssignmentFilter));
    }

    [Test]
    public void Scope_tags_are_rewritten_except_the_built_in_default()
    {
        var map = new RestoreIdMap(requireMapping: true);
        map.Record(ReferenceKind.ScopeTag, "7", "12");
        var payload = JsonNode.Parse("""{ "displayName": "p", "roleScopeTagIds": ["0", "7", "9"] }""")!.AsObject();

        var (rewritten, unresolved) = ReferenceRewriter.RewriteScopeTags(payload, map);

        Assert.That(rewritten["roleScopeTagIds"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "0", "12" }));
        Assert.That(unresolved.Single(), Is.EqualTo(new UnresolvedReference(ReferenceKind.ScopeTag, "9", "$.roleScopeTagIds[2]")));
        Assert.That(payload["roleScopeTagIds"]!.AsArray(), Has.Count.EqualTo(3));
    }

    [Test]
    public void Object_ids_are_scoped_by_type()
    {
        var map = new RestoreIdMap(requireMapping: true);
        map.Record(ReferenceKind.Object, "p1", "p1-new", scope: "deviceConfiguration");

        Assert.That(map.TryResolve(ReferenceKind.Object, "p1", out var id, "deviceConfiguration") ? id : null, Is.EqualTo("p1-new"));
        Assert.That(map.TryResolve(ReferenceKind.Object, "p1", out _, "settingsCatalogPolicy"), Is.False);
        Assert.That(map.IsMapped(ReferenceKind.Object, "P1", "DeviceConfiguration"), Is.True);
    }
}

/// <summary>Issue 15: type-specific references (a compliance action's notification template) go through the same map.</summary>
public sealed class TypeReferenceRewriterTests
{
    [Test]
    public void A_recorded_template_id_is_rewritten_the_empty_guid_kept_and_an_unmapped_one_reported_in_a_cross_tenant_map()
    {
        var type = TenantAtlas.Application.Graph.PolicyTypes.Get(TenantAtlas.Application.Graph.PolicyTypes.DeviceCompliancePolicy);
        System.Text.Json.Nodes.JsonObject Payload() => new()
        {
            ["scheduledActionsForRule"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["scheduledActionConfigurations"] = new System.Text.Json.Nodes.JsonArray(
                    new System.Text.Json.Nodes.JsonObject { ["actionType"] = "block", ["notificationTemplateId"] = "00000000-0000-0000-0000-000000000000" },
                    new System.Text.Json.Nodes.JsonObject { ["actionType"] = "notification", ["notificationTemplateId"] = "old-template" }),
            }),
        };

        var map = new RestoreIdMap(requireMapping: true);
        map.Record(ReferenceKind.Object, "old-template", "new-template", TenantAtlas.Application.Graph.PolicyTypes.NotificationMessageTemplate);
        var payload = Payload();
        Assert.That(TypeReferenceRewriter.Rewrite(payload, type, map), Is.Empty);
        var configs = payload["scheduledActionsForRule"]![0]!["scheduledActionConfigurations"]!.AsArray();
        Assert.That(configs.Select(c => c!["notificationTemplateId"]!.GetValue<string>()),
            Is.EqualTo(new[] { "00000000-0000-0000-0000-000000000000", "new-template" }));

        var unresolved = TypeReferenceRewriter.Rewrite(Payload(), type, new RestoreIdMap(requireMapping: true));
        Assert.That(unresolved, Is.EqualTo(new[]
        {
            new UnresolvedReference(ReferenceKind.Object, "old-template", "$.scheduledActionsForRule[0].scheduledActionConfigurations[1].notificationTemplateId"),
        }));
    }
}
