using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.UnitTests.Graph;

/// <summary>Issue 14 item 5: app policies are read and written through the concrete collections Graph gives assignments.</summary>
public sealed class PolicyTypesTests
{
    [Test]
    public void No_type_reads_through_the_base_managedAppPolicies_collection()
    {
        Assert.That(PolicyTypes.All.Select(t => t.CollectionPath), Has.None.EqualTo("deviceAppManagement/managedAppPolicies"));
        Assert.That(PolicyTypes.All.Where(t => t.Category == PolicyCategories.AppProtection).Select(t => t.CollectionPath),
            Is.EquivalentTo(new[]
            {
                "deviceAppManagement/iosManagedAppProtections", "deviceAppManagement/androidManagedAppProtections",
                "deviceAppManagement/windowsManagedAppProtections", "deviceAppManagement/windowsInformationProtectionPolicies",
                "deviceAppManagement/mdmWindowsInformationProtectionPolicies", "deviceAppManagement/targetedManagedAppConfigurations",
            }));
        Assert.That(PolicyTypes.All.Where(t => t.Category == PolicyCategories.AppProtection).Select(t => t.AssignBodyProperty),
            Is.All.EqualTo("assignments"), "Graph's documented assign parameter");
    }

    [TestCase("#microsoft.graph.iosManagedAppProtection", PolicyTypes.IosManagedAppProtection)]
    [TestCase("#microsoft.graph.mdmWindowsInformationProtectionPolicy", PolicyTypes.MdmWindowsInformationProtectionPolicy)]
    [TestCase("#microsoft.graph.defaultManagedAppProtection", null)]
    [TestCase(null, null)]
    public void Legacy_app_policy_items_resolve_to_the_concrete_type_of_their_payload(string? odataType, string? expected)
    {
        Assert.That(PolicyTypes.Resolve(PolicyTypes.LegacyAppProtectionPolicy, odataType)?.Name, Is.EqualTo(expected));
        Assert.That(PolicyTypes.Resolve(PolicyTypes.DeviceConfiguration, odataType)?.Name, Is.EqualTo(PolicyTypes.DeviceConfiguration));
    }
}
