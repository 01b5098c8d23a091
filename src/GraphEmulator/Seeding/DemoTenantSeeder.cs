using System.Globalization;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Seeding;

/// <summary>Fills a tenant with realistic policies (demo) or many cheap ones (benchmarks).</summary>
public static class DemoTenantSeeder
{
    // Fixed ids so demo tenants look alike run after run and assignments can be asserted.
    public static readonly IReadOnlyList<(string Name, Guid Id)> DemoGroups =
    [
        ("All Corporate Devices", Guid.Parse("4f6a1c2e-8b1d-4c55-9a0e-1b2c3d4e5f60")),
        ("Finance Users", Guid.Parse("7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")),
        ("Pilot Ring", Guid.Parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")),
        ("Executives", Guid.Parse("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e")),
        ("Kiosk Devices", Guid.Parse("c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f")),
        ("Break Glass Accounts", Guid.Parse("d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f80")),
    ];

    public static readonly IReadOnlyList<Guid> DemoFilters =
    [
        Guid.Parse("e5f6a7b8-c9d0-4e1f-8a3b-4c5d6e7f8091"),
        Guid.Parse("f6a7b8c9-d0e1-4f2a-9b4c-5d6e7f8091a2"),
    ];

    private static readonly string[] Variants =
        ["", "Pilot", "Ring 1", "Ring 2", "Finance", "Executives", "Kiosk", "Contractors", "Frontline", "Legacy"];

    private static readonly string[] CollectionOrder =
    [
        PolicyCollectionDescriptor.ConfigurationPolicies.Path,
        PolicyCollectionDescriptor.DeviceCompliancePolicies.Path,
        PolicyCollectionDescriptor.DeviceConfigurations.Path,
        PolicyCollectionDescriptor.ManagedAppPolicies.Path,
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, string[]>> FixturesByCollection = new(() =>
        EmulatorFixtures.EmbeddedNames
            .Select(name => (name, collection: SeedCollection(EmulatorFixtures.CollectionOf(EmulatorFixtures.LoadEmbedded(name)))))
            .Where(x => x.collection is not null)
            .GroupBy(x => x.collection!)
            .ToDictionary(g => g.Key, g => g.Select(x => x.name).ToArray()));

    /// <summary>
    /// Seeds <paramref name="policyCount"/> policies (at least 60) spread over the four types,
    /// cloned from the embedded fixtures with distinct display names and varied assignments.
    /// </summary>
    public static void SeedDemo(EmulatorTenant tenant, int policyCount = 64)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var count = Math.Max(60, policyCount);
        var byCollection = FixturesByCollection.Value;
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var collection = CollectionOrder[i % CollectionOrder.Length];
            var names = byCollection[collection];
            var round = i / CollectionOrder.Length;
            var fixtureName = names[round % names.Length];
            var payload = EmulatorFixtures.StripServerOwned(EmulatorFixtures.LoadEmbedded(fixtureName));

            var nameProperty = collection == PolicyCollectionDescriptor.ConfigurationPolicies.Path ? "name" : "displayName";
            var baseName = payload[nameProperty]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(fixtureName);
            var use = used.GetValueOrDefault(baseName);
            used[baseName] = use + 1;
            payload[nameProperty] = use == 0
                ? baseName
                : use < Variants.Length ? $"{baseName} - {Variants[use]}" : $"{baseName} - Copy {use.ToString(CultureInfo.InvariantCulture)}";

            tenant.Add(collection, payload, DemoAssignments(i, collection));
        }

        // The groups and filters the assignments above refer to.
        DemoDirectorySeeder.SeedBaseline(tenant);
    }

    /// <summary>Seeds <paramref name="count"/> small policies round-robin over the four types; cheap enough for thousands.</summary>
    public static void SeedLarge(EmulatorTenant tenant, int count)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        for (var i = 0; i < count; i++)
        {
            var n = i.ToString("D5", CultureInfo.InvariantCulture);
            var collection = CollectionOrder[i % CollectionOrder.Length];
            JsonObject payload = (i % CollectionOrder.Length) switch
            {
                0 => new JsonObject
                {
                    ["name"] = $"Bench settings catalog {n}",
                    ["description"] = "Benchmark policy",
                    ["platforms"] = "windows10",
                    ["technologies"] = "mdm",
                    ["settings"] = new JsonArray(
                        ChoiceSetting("device_vendor_msft_policy_config_defender_allowrealtimemonitoring", "_1"),
                        ChoiceSetting("device_vendor_msft_policy_config_devicelock_preventenablinglockscreencamera", "_1")),
                },
                1 => new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.windows10CompliancePolicy",
                    ["displayName"] = $"Bench compliance {n}",
                    ["bitLockerEnabled"] = true,
                    ["osMinimumVersion"] = "10.0.19045",
                    ["scheduledActionsForRule"] = new JsonArray(new JsonObject
                    {
                        ["ruleName"] = "PasswordRequired",
                        ["scheduledActionConfigurations"] = new JsonArray(new JsonObject
                        {
                            ["actionType"] = "block",
                            ["gracePeriodHours"] = 0,
                            ["notificationTemplateId"] = string.Empty,
                        }),
                    }),
                },
                2 => new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
                    ["displayName"] = $"Bench device configuration {n}",
                    ["passwordRequired"] = true,
                    ["passwordMinimumLength"] = 12,
                    ["defenderRequireRealTimeMonitoring"] = true,
                },
                _ => new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.iosManagedAppProtection",
                    ["displayName"] = $"Bench app protection {n}",
                    ["pinRequired"] = true,
                    ["minimumPinLength"] = 6,
                    ["dataBackupBlocked"] = true,
                },
            };

            var group = DemoGroups[i % DemoGroups.Count].Id;
            tenant.Add(collection, payload, new JsonArray(Target("#microsoft.graph.groupAssignmentTarget", group)));
        }
    }

    /// <summary>
    /// Seeds <paramref name="count"/> objects round-robin over every embedded fixture of every object type
    /// (Fixtures/types/, real payloads where they exist): the capture benchmark's mix of all supported types, in the
    /// proportions of the fixtures (so types with more real payloads, such as device configurations and filters,
    /// weigh more). Each object has a unique name and, where its type has assignments, one group assignment.
    /// </summary>
    public static IReadOnlyDictionary<string, int> SeedMix(EmulatorTenant tenant, int count)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var fixtures = EmulatorFixtures.TypeFixtures;
        var payloads = fixtures.Select(f => (f.Collection, Payload: EmulatorFixtures.StripServerOwned(EmulatorFixtures.LoadEmbedded(f.Name)))).ToList();
        var mix = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var (collection, template) = payloads[i % payloads.Count];
            var descriptor = PolicyCollectionDescriptor.Find(collection)!;
            var payload = template.DeepClone().AsObject();
            var baseName = payload[descriptor.NameProperty] is JsonValue v && v.TryGetValue<string>(out var name) ? name : collection;
            payload[descriptor.NameProperty] = $"{baseName} #{i.ToString(CultureInfo.InvariantCulture)}";
            var assignments = descriptor.HasAssignments
                ? new JsonArray(Target("#microsoft.graph.groupAssignmentTarget", DemoGroups[i % DemoGroups.Count].Id))
                : null;
            tenant.Add(collection, payload, assignments);
            mix[collection] = mix.GetValueOrDefault(collection) + 1;
        }

        return mix;
    }

    /// <summary>
    /// Seeds Entra conditional access for the embedded demo: every named location and conditional access fixture, and
    /// one policy that excludes the first ip location (so a restore shows the location re-created before the policy).
    /// Separate from <see cref="SeedDemo"/>, whose four types tests count on.
    /// </summary>
    public static void SeedConditionalAccess(EmulatorTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        string? ipLocation = null;
        foreach (var (name, collection) in EmulatorFixtures.TypeFixtures.Where(f => f.Collection.StartsWith("identity/conditionalAccess/", StringComparison.Ordinal)))
        {
            var payload = EmulatorFixtures.StripServerOwned(EmulatorFixtures.LoadEmbedded(name));
            var added = tenant.Add(collection, payload);
            if (ipLocation is null && added["@odata.type"]?.GetValue<string>() == "#microsoft.graph.ipNamedLocation")
            {
                ipLocation = added["id"]!.GetValue<string>();
            }
        }

        if (ipLocation is not null)
        {
            tenant.Add(PolicyCollectionDescriptor.ConditionalAccessPolicies.Path, new JsonObject
            {
                ["displayName"] = "Require MFA outside the head office",
                ["state"] = "enabledForReportingButNotEnforced",
                ["conditions"] = new JsonObject
                {
                    ["clientAppTypes"] = new JsonArray("all"),
                    ["applications"] = new JsonObject { ["includeApplications"] = new JsonArray("All") },
                    ["users"] = new JsonObject { ["includeUsers"] = new JsonArray("All"), ["includeGroups"] = new JsonArray(), ["excludeGroups"] = new JsonArray() },
                    ["locations"] = new JsonObject { ["includeLocations"] = new JsonArray("All"), ["excludeLocations"] = new JsonArray(ipLocation) },
                },
                ["grantControls"] = new JsonObject { ["operator"] = "OR", ["builtInControls"] = new JsonArray("mfa") },
            });
        }
    }

    private static JsonObject ChoiceSetting(string definitionId, string valueSuffix) => new()
    {
        ["settingInstance"] = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance",
            ["settingDefinitionId"] = definitionId,
            ["choiceSettingValue"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.deviceManagementConfigurationChoiceSettingValue",
                ["value"] = definitionId + valueSuffix,
                ["children"] = new JsonArray(),
            },
        },
    };

    /// <summary>App policies of every subtype share one store; the demo seeds them through the base collection.</summary>
    private static string? SeedCollection(string? collection) =>
        collection is not null && PolicyCollectionDescriptor.Find(collection) is { TypeFilter: not null } d && d.StoreKey == PolicyCollectionDescriptor.ManagedAppPolicies.StoreKey
            ? PolicyCollectionDescriptor.ManagedAppPolicies.Path
            : collection;

    private static JsonArray DemoAssignments(int index, string collection)
    {
        var isAppPolicy = collection == PolicyCollectionDescriptor.ManagedAppPolicies.Path;
        var group = DemoGroups[index % DemoGroups.Count].Id;
        var excluded = DemoGroups[(index + 5) % DemoGroups.Count].Id;
        var filter = DemoFilters[index % DemoFilters.Count];
        return (index % 5) switch
        {
            0 => [Target("#microsoft.graph.groupAssignmentTarget", group, isAppPolicy ? null : filter, "include")],
            // App protection targets users, so "all devices" is not offered for it (as in the portal).
            1 when !isAppPolicy => [Target("#microsoft.graph.allDevicesAssignmentTarget", null, filter, "exclude")],
            1 => [Target("#microsoft.graph.allLicensedUsersAssignmentTarget", null)],
            2 => [Target("#microsoft.graph.allLicensedUsersAssignmentTarget", null), Target("#microsoft.graph.exclusionGroupAssignmentTarget", excluded)],
            3 => [Target("#microsoft.graph.groupAssignmentTarget", group), Target("#microsoft.graph.exclusionGroupAssignmentTarget", excluded)],
            _ => [],
        };
    }

    private static JsonObject Target(string type, Guid? groupId, Guid? filterId = null, string filterType = "none")
    {
        var target = new JsonObject { ["@odata.type"] = type };
        if (groupId is { } g)
        {
            target["groupId"] = g.ToString();
        }

        target["deviceAndAppManagementAssignmentFilterId"] = filterId?.ToString();
        target["deviceAndAppManagementAssignmentFilterType"] = filterId is null ? "none" : filterType;
        return new JsonObject { ["target"] = target };
    }
}
