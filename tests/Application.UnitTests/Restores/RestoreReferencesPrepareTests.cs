using System.Text.Json.Nodes;
using NUnit.Framework;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Restores;
using TenantAtlas.Application.Restores.Mappings;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.UnitTests.Restores;

/// <summary>Cross-tenant Prepare: unmapped references dropped and reported (default) or returned as unresolved (fail), never sent as is.</summary>
public sealed class RestoreReferencesPrepareTests
{
    private const string SourceGroup = "6a1e0c1e-0000-4000-8000-000000000001";
    private const string OtherGroup = "6a1e0c1e-0000-4000-8000-000000000002";
    private const string TargetGroup = "7b2f0d2f-0000-4000-8000-000000000001";

    private static RestoreWorkItem Item() => new(
        BackupItemId: Guid.NewGuid(),
        Type: PolicyTypes.Find(PolicyTypes.DeviceConfiguration),
        PolicyTypeName: PolicyTypes.DeviceConfiguration,
        BackupGraphId: Guid.NewGuid().ToString(),
        DisplayName: "Baseline",
        Payload: new JsonObject { ["displayName"] = "Baseline", ["roleScopeTagIds"] = new JsonArray("0", "5") },
        Assignments: [Group(SourceGroup), Group(OtherGroup)],
        PolicyId: Guid.NewGuid());

    private static JsonObject Group(string id) =>
        new() { ["target"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget", ["groupId"] = id } };

    private static RestoreIdMap Map()
    {
        var map = new RestoreIdMap(requireMapping: true);
        new RestoreMappingDocument(
            Groups: new Dictionary<string, string> { [SourceGroup] = TargetGroup },
            AssignmentFilters: new Dictionary<string, string>(),
            ScopeTags: new Dictionary<string, string>(),
            NamedLocations: new Dictionary<string, string>()).Seed(map);
        map.Note(ReferenceKind.Group, OtherGroup, new ReferenceNote("Pilot Ring", ReferenceStatus.Unmapped));
        return map;
    }

    [Test]
    public void Drop_leaves_unmapped_assignments_and_tags_out_reports_them_and_resolves_the_item()
    {
        var (item, unresolved) = RestoreReferences.Prepare(Item(), Map(), UnmappedReferenceHandling.Drop);

        Assert.That(unresolved, Is.Empty);
        Assert.That(item.Assignments.Select(a => (string?)a!["target"]!["groupId"]), Is.EqualTo(new[] { TargetGroup }));
        Assert.That(item.Payload["roleScopeTagIds"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "0" }));
        Assert.That(item.MatchByGraphId, Is.False, "the source's Graph id means nothing in the target");
        var report = item.ReferenceReport!;
        Assert.That(report["references"]!.AsArray().Select(r => ((string?)r!["sourceId"], (string?)r["status"])), Is.EquivalentTo(new[]
        {
            ("5", ReferenceStatus.Unmapped), (SourceGroup, ReferenceStatus.Mapped), (OtherGroup, ReferenceStatus.Unmapped),
        }));
        Assert.That(report["droppedAssignments"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { "$.assignments[1]" }));
        Assert.That(report["warnings"]!.AsArray().Select(w => (string?)w), Has.Some.Contains("Pilot Ring").And.Some.Contains("Scope tag 5"));
    }

    [Test]
    public void Fail_returns_the_unmapped_references_as_unresolved()
    {
        var (_, unresolved) = RestoreReferences.Prepare(Item(), Map(), UnmappedReferenceHandling.Fail);

        Assert.That(unresolved.Select(u => (u.Kind, u.SourceId)), Is.EquivalentTo(new[] { (ReferenceKind.ScopeTag, "5"), (ReferenceKind.Group, OtherGroup) }));
    }

    [Test]
    public void Same_tenant_item_is_matched_by_graph_id_and_carries_no_report()
    {
        var (item, unresolved) = RestoreReferences.Prepare(Item(), new RestoreIdMap());

        Assert.That(unresolved, Is.Empty);
        Assert.That(item.MatchByGraphId, Is.True);
        Assert.That(item.ReferenceReport, Is.Null);
        Assert.That(item.Assignments, Has.Count.EqualTo(2));
    }
}
