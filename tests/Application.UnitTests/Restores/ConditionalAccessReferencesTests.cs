using System.Text.Json.Nodes;
using NUnit.Framework;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Restores;
using TenantAtlas.Application.Restores.Mappings;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.UnitTests.Restores;

/// <summary>
/// A conditional access policy's named locations and condition groups go through the run's id map (id lists; "All"
/// and "AllTrusted" are not ids); one the map cannot resolve fails the item, in either unmapped handling.
/// </summary>
public sealed class ConditionalAccessReferencesTests
{
    private const string SourceLocation = "1c0a0000-0000-4000-8000-000000000001";
    private const string TargetLocation = "2d0b0000-0000-4000-8000-000000000001";
    private const string SourceGroup = "6a1e0c1e-0000-4000-8000-000000000001";
    private const string TargetGroup = "7b2f0d2f-0000-4000-8000-000000000001";
    private const string UnmappedGroup = "6a1e0c1e-0000-4000-8000-000000000009";

    private static RestoreWorkItem Item(params string[] excludeGroups) => new(
        BackupItemId: Guid.NewGuid(),
        Type: PolicyTypes.Find(PolicyTypes.ConditionalAccessPolicy),
        PolicyTypeName: PolicyTypes.ConditionalAccessPolicy,
        BackupGraphId: Guid.NewGuid().ToString(),
        DisplayName: "Block outside trusted",
        Payload: new JsonObject
        {
            ["displayName"] = "Block outside trusted",
            ["state"] = "enabled",
            ["conditions"] = new JsonObject
            {
                ["locations"] = new JsonObject
                {
                    ["includeLocations"] = new JsonArray("All"),
                    ["excludeLocations"] = new JsonArray("AllTrusted", SourceLocation),
                },
                ["users"] = new JsonObject
                {
                    ["includeUsers"] = new JsonArray("All"),
                    ["includeGroups"] = new JsonArray(SourceGroup),
                    ["excludeGroups"] = new JsonArray([.. excludeGroups.Select(g => (JsonNode)g)]),
                },
            },
        },
        Assignments: [],
        PolicyId: Guid.NewGuid());

    private static RestoreIdMap CrossTenantMap(UnmappedReferenceHandling handling)
    {
        var map = new RestoreIdMap(requireMapping: true) { UnmappedHandling = handling };
        new RestoreMappingDocument(
            Groups: new Dictionary<string, string> { [SourceGroup] = TargetGroup },
            AssignmentFilters: new Dictionary<string, string>(),
            ScopeTags: new Dictionary<string, string>(),
            NamedLocations: new Dictionary<string, string> { [SourceLocation] = TargetLocation }).Seed(map);
        return map;
    }

    [Test]
    public void Locations_and_groups_are_rewritten_and_the_special_locations_kept()
    {
        var (item, unresolved) = RestoreReferences.Prepare(Item(), CrossTenantMap(UnmappedReferenceHandling.Drop));

        Assert.That(unresolved, Is.Empty);
        var conditions = item.Payload["conditions"]!;
        Assert.That(conditions["locations"]!["includeLocations"]!.AsArray().Select(l => (string?)l), Is.EqualTo(new[] { "All" }));
        Assert.That(conditions["locations"]!["excludeLocations"]!.AsArray().Select(l => (string?)l), Is.EqualTo(new[] { "AllTrusted", TargetLocation }));
        Assert.That(conditions["users"]!["includeGroups"]!.AsArray().Select(g => (string?)g), Is.EqualTo(new[] { TargetGroup }));
        Assert.That(conditions["users"]!["includeUsers"]!.AsArray().Select(u => (string?)u), Is.EqualTo(new[] { "All" }));
        Assert.That(item.ReferenceReport!["references"]!.AsArray().Select(r => ((string?)r!["kind"], (string?)r["status"], (string?)r["path"])), Is.EquivalentTo(new[]
        {
            ("NamedLocation", ReferenceStatus.Mapped, "$.conditions.locations.excludeLocations[1]"),
            ("Group", ReferenceStatus.Mapped, "$.conditions.users.includeGroups[0]"),
        }));
    }

    [TestCase(UnmappedReferenceHandling.Drop)]
    [TestCase(UnmappedReferenceHandling.Fail)]
    public void An_unmapped_condition_group_fails_the_item_whatever_the_unmapped_handling(UnmappedReferenceHandling handling)
    {
        var (_, unresolved) = RestoreReferences.Prepare(Item(UnmappedGroup), CrossTenantMap(handling));

        Assert.That(unresolved.Select(u => (u.Kind, u.SourceId, u.Path)),
            Is.EqualTo(new[] { (ReferenceKind.Group, UnmappedGroup, "$.conditions.users.excludeGroups[0]") }));
    }

    [Test]
    public void A_same_tenant_restore_passes_ids_through_and_takes_a_recreated_location_from_the_map()
    {
        var map = new RestoreIdMap();
        map.Record(ReferenceKind.NamedLocation, SourceLocation, TargetLocation);
        var (item, unresolved) = RestoreReferences.Prepare(Item(UnmappedGroup), map);

        Assert.That(unresolved, Is.Empty);
        Assert.That(item.Payload["conditions"]!["locations"]!["excludeLocations"]!.AsArray().Select(l => (string?)l), Is.EqualTo(new[] { "AllTrusted", TargetLocation }));
        Assert.That(item.Payload["conditions"]!["users"]!["excludeGroups"]!.AsArray().Select(g => (string?)g), Is.EqualTo(new[] { UnmappedGroup }));
    }
}
