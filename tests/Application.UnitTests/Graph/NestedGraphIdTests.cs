using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.UnitTests.Graph;

public sealed class NestedGraphIdTests
{
    [Test]
    public void Composes_and_splits_the_parent_and_the_objects_id()
    {
        var id = NestedGraphId.Compose("token-1", "profile-9");

        Assert.That(id, Is.EqualTo("token-1/profile-9"));
        Assert.That(NestedGraphId.TrySplit(id, out var parent, out var own), Is.True);
        Assert.That((parent, own), Is.EqualTo(("token-1", "profile-9")));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("no-parent")]
    [TestCase("/only-own")]
    [TestCase("only-parent/")]
    public void Refuses_an_id_without_both_parts(string? id)
    {
        Assert.That(NestedGraphId.TrySplit(id, out var parent, out var own), Is.False);
        Assert.That((parent, own), Is.EqualTo((string.Empty, string.Empty)));
    }

    [Test]
    public void Puts_the_parent_into_the_types_collection_path()
    {
        var type = PolicyTypes.Get(PolicyTypes.DepEnrollmentProfile);

        Assert.That(type.ParentCollection, Is.EqualTo("deviceManagement/depOnboardingSettings"));
        Assert.That(NestedGraphId.CollectionUnder(type, "a b"), Is.EqualTo("deviceManagement/depOnboardingSettings/a%20b/enrollmentProfiles"));
        Assert.That(PolicyTypes.All.Where(t => t.ParentCollection is null).Select(t => t.CollectionPath), Has.None.Contains(NestedGraphId.ParentPlaceholder));
    }
}
