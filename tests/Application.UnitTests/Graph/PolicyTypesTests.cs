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

/// <summary>Issue 15: invariants of the type registry that restore order and id remapping rely on.</summary>
public sealed class PolicyTypeRegistryTests
{
    [Test]
    public void At_least_25_types_with_unique_names_and_collections()
    {
        Assert.That(PolicyTypes.All, Has.Count.GreaterThanOrEqualTo(25));
        Assert.That(PolicyTypes.All.Select(t => t.Name), Is.Unique);
        Assert.That(PolicyTypes.All.Select(t => t.CollectionPath), Is.Unique);
    }

    [Test]
    public void Every_referenced_type_is_restored_in_a_tier_before_the_types_that_refer_to_it()
    {
        foreach (var type in PolicyTypes.All)
        {
            var objects = type.PayloadReferences.Where(r => r.Kind == TenantAtlas.Application.Restores.References.ReferenceKind.Object).ToList();
            if (objects.Any(r => string.IsNullOrEmpty(r.Scope)))
            {
                // The referenced type follows from each item (a policy set's items): such a type is restored last.
                Assert.That(type.RestoreTier, Is.EqualTo(PolicyTypes.All.Max(t => t.RestoreTier)), type.Name);
            }

            foreach (var reference in objects.Where(r => !string.IsNullOrEmpty(r.Scope)))
            {
                var referenced = PolicyTypes.Get(reference.Scope);
                Assert.That(referenced.ReferencedAs, Is.EqualTo(TenantAtlas.Application.Restores.References.ReferenceKind.Object), reference.Scope);
                Assert.That(referenced.RestoreTier, Is.LessThan(type.RestoreTier), $"{type.Name} -> {referenced.Name}");
            }
        }

        Assert.That(PolicyTypes.Get(PolicyTypes.AssignmentFilter).RestoreTier,
            Is.LessThan(PolicyTypes.All.Where(t => t.HasAssignments && t.Name != PolicyTypes.RoleScopeTag).Min(t => t.RestoreTier)));
        Assert.That(PolicyTypes.Get(PolicyTypes.RoleScopeTag).RestoreTier, Is.EqualTo(RestoreTiers.FiltersAndScopeTags));
    }

    [Test]
    public void Built_in_objects_are_recognised_and_ordinary_ones_are_not()
    {
        var scopeTag = PolicyTypes.Get(PolicyTypes.RoleScopeTag).BuiltIn!;
        Assert.That(scopeTag(new System.Text.Json.Nodes.JsonObject { ["displayName"] = "Default" }, "0"), Is.EqualTo(BuiltInHandling.Skip));
        Assert.That(scopeTag(new System.Text.Json.Nodes.JsonObject { ["displayName"] = "Paris", ["isBuiltIn"] = false }, "7"), Is.EqualTo(BuiltInHandling.None));
        var enrollment = PolicyTypes.Get(PolicyTypes.DeviceEnrollmentConfiguration).BuiltIn!;
        Assert.That(enrollment(new System.Text.Json.Nodes.JsonObject { ["priority"] = 0 }, "abc_DefaultLimit"), Is.EqualTo(BuiltInHandling.UpdateOnly));
        Assert.That(enrollment(new System.Text.Json.Nodes.JsonObject { ["priority"] = 3 }, Guid.NewGuid() + "_Limit"), Is.EqualTo(BuiltInHandling.None));
    }

    [TestCase("wpa2Personal", null, true)]
    [TestCase("wpa2Personal", "", true)]
    [TestCase("wpa2Personal", "s3cret-key", false)]
    [TestCase("open", null, false)]
    [TestCase("wpaEnterprise", null, false)]
    public void A_personal_wifi_profile_without_its_key_is_a_withheld_secret(string security, string? key, bool withheld)
    {
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.iosWiFiConfiguration", ["wiFiSecurityType"] = security, ["preSharedKey"] = key,
        };
        Assert.That(WithheldSecretRules.DeviceConfiguration(payload), withheld ? Is.EqualTo(new[] { "$.preSharedKey" }) : Is.Empty);
    }

    [TestCase(true, null, true)]
    [TestCase(true, "", true)]
    [TestCase(true, "s3cret-key", false)]
    [TestCase(false, null, false)]
    public void A_secret_graph_flags_as_set_but_answers_empty_is_withheld(bool isSet, string? key, bool withheld)
    {
        // Android Enterprise Wi-Fi (Graph beta): preSharedKeyIsSet says a key is configured; the key itself comes back null.
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.androidDeviceOwnerWiFiConfiguration", ["wiFiSecurityType"] = "wpaEnterprise",
            ["preSharedKey"] = key, ["preSharedKeyIsSet"] = isSet, ["disableAppPinIfDevicePinIsSet"] = true,
        };
        Assert.That(WithheldSecretRules.DeviceConfiguration(payload), withheld ? Is.EqualTo(new[] { "$.preSharedKey" }) : Is.Empty);
    }

    [Test]
    public void A_personal_wifi_key_flagged_as_set_is_reported_once()
    {
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.androidDeviceOwnerWiFiConfiguration", ["wiFiSecurityType"] = "wpaPersonal",
            ["preSharedKey"] = null, ["preSharedKeyIsSet"] = true,
        };
        Assert.That(WithheldSecretRules.DeviceConfiguration(payload), Is.EqualTo(new[] { "$.preSharedKey" }));
    }
}
