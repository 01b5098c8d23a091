using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.GraphEmulator.Tests;

public class DemoTenantSeederTests
{
    private static readonly string[] Collections =
    [
        "deviceManagement/configurationPolicies",
        "deviceManagement/deviceCompliancePolicies",
        "deviceManagement/deviceConfigurations",
        "deviceAppManagement/managedAppPolicies",
    ];

    [Test]
    public void Seeds_at_least_60_policies_across_the_four_types_with_distinct_names()
    {
        var tenant = new GraphEmulatorState().GetOrAddTenant(Guid.NewGuid());

        DemoTenantSeeder.SeedDemo(tenant);

        var counts = Collections.ToDictionary(c => c, c => tenant.List(c).Count);
        Assert.That(counts.Values.Sum(), Is.GreaterThanOrEqualTo(60));
        Assert.That(counts.Values, Has.All.GreaterThanOrEqualTo(10), string.Join(", ", counts));
        foreach (var collection in Collections)
        {
            var nameProperty = collection.EndsWith("configurationPolicies", StringComparison.Ordinal) ? "name" : "displayName";
            var names = tenant.List(collection).Select(p => p[nameProperty]!.GetValue<string>()).ToList();
            Assert.That(names, Is.Unique, collection);
        }
    }

    [Test]
    public void Seeds_realistic_payloads_with_nested_settings_oma_settings_and_scheduled_actions()
    {
        var tenant = new GraphEmulatorState().GetOrAddTenant(Guid.NewGuid());

        DemoTenantSeeder.SeedDemo(tenant, 64);

        var catalog = tenant.List("deviceManagement/configurationPolicies");
        Assert.That(catalog.Max(p => p["settingCount"]!.GetValue<int>()), Is.GreaterThan(100));
        var compliance = tenant.List("deviceManagement/deviceCompliancePolicies")[0];
        Assert.That(tenant.GetScheduledActions("deviceManagement/deviceCompliancePolicies", compliance["id"]!.GetValue<string>())[0]!["scheduledActionConfigurations"]!.AsArray(), Is.Not.Empty);
        Assert.That(tenant.List("deviceManagement/deviceConfigurations").Any(p => p["@odata.type"]!.GetValue<string>() == "#microsoft.graph.windows10CustomConfiguration" && p["omaSettings"] is JsonArray { Count: > 0 }), Is.True);
        Assert.That(tenant.List("deviceAppManagement/managedAppPolicies").Select(p => p["@odata.type"]!.GetValue<string>()).Distinct(),
            Is.EquivalentTo(new[] { "#microsoft.graph.iosManagedAppProtection", "#microsoft.graph.androidManagedAppProtection" }));
    }

    [Test]
    public void Assigns_every_target_kind_and_some_filters_when_seeding_demo()
    {
        var tenant = new GraphEmulatorState().GetOrAddTenant(Guid.NewGuid());

        DemoTenantSeeder.SeedDemo(tenant);

        var targets = Collections
            .SelectMany(c => tenant.List(c).SelectMany(p => tenant.GetAssignments(c, p["id"]!.GetValue<string>())))
            .Select(a => a!["target"]!)
            .ToList();
        Assert.That(targets.Select(t => t["@odata.type"]!.GetValue<string>()).Distinct(), Is.EquivalentTo(new[]
        {
            "#microsoft.graph.groupAssignmentTarget",
            "#microsoft.graph.exclusionGroupAssignmentTarget",
            "#microsoft.graph.allDevicesAssignmentTarget",
            "#microsoft.graph.allLicensedUsersAssignmentTarget",
        }));
        Assert.That(targets.Count(t => t["deviceAndAppManagementAssignmentFilterId"] is not null), Is.GreaterThan(0));
    }

    [Test]
    public void Seeds_the_requested_number_of_cheap_policies_when_seeding_large()
    {
        var tenant = new GraphEmulatorState().GetOrAddTenant(Guid.NewGuid());

        DemoTenantSeeder.SeedLarge(tenant, 2000);

        Assert.That(Collections.Select(c => tenant.Count(c)), Is.EqualTo(new[] { 500, 500, 500, 500 }));
    }
}
