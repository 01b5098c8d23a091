using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.UnitTests.Graph;

public class JsonDiffTests
{
    [Test]
    public void Compute_returns_added_removed_and_changed_paths_in_stable_order_when_documents_differ()
    {
        var before = JsonNode.Parse("""{ "b": 1, "a": { "x": [1, 2, 3], "gone": true }, "@odata.type": "#t" }""");
        var after = JsonNode.Parse("""{ "a": { "x": [1, 5], "new": "n" }, "b": 1, "@odata.type": "#u" }""");

        var diff = JsonDiff.Compute(before, after);

        Assert.That(diff.Select(d => (d.Path, d.Kind)), Is.EqualTo(new[]
        {
            ("$['@odata.type']", JsonDiffKind.Changed),
            ("$.a.gone", JsonDiffKind.Removed),
            ("$.a.new", JsonDiffKind.Added),
            ("$.a.x[1]", JsonDiffKind.Changed),
            ("$.a.x[2]", JsonDiffKind.Removed),
        }));
        Assert.That(diff[3].Before!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(diff[3].After!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(diff[4].Before!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(diff[2].After!.GetValue<string>(), Is.EqualTo("n"));
    }

    [Test]
    public void Compute_returns_nothing_when_documents_are_equal_with_different_property_order()
    {
        var diff = JsonDiff.Compute(JsonNode.Parse("""{ "a": 1, "b": [ { "c": null } ] }"""), JsonNode.Parse("""{ "b": [ { "c": null } ], "a": 1 }"""));

        Assert.That(diff, Is.Empty);
    }

    [Test]
    public void Compute_reports_the_whole_document_as_added_when_there_is_no_current_object()
    {
        var after = JsonNode.Parse("""{ "displayName": "P" }""");

        var diff = JsonDiff.Compute(null, after);

        Assert.That(diff, Has.Count.EqualTo(1));
        Assert.That(diff[0].Path, Is.EqualTo("$"));
        Assert.That(diff[0].Kind, Is.EqualTo(JsonDiffKind.Added));
        Assert.That(diff[0].After!.ToJsonString(), Is.EqualTo("""{"displayName":"P"}"""));
        Assert.That(diff[0].After, Is.Not.SameAs(after), "values are clones");
    }

    [Test]
    public void Compute_reports_a_change_when_null_becomes_a_value_or_the_kind_changes()
    {
        var diff = JsonDiff.Compute(JsonNode.Parse("""{ "a": null, "b": [1], "c": "s" }"""), JsonNode.Parse("""{ "a": 1, "b": { "x": 1 }, "c": "s" }"""));

        Assert.That(diff.Select(d => (d.Path, d.Kind)), Is.EqualTo(new[] { ("$.a", JsonDiffKind.Changed), ("$.b", JsonDiffKind.Changed) }));
        Assert.That(diff[0].Before, Is.Null);
    }
}
