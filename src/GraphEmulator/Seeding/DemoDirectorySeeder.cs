using System.Security.Cryptography;
using System.Text;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Seeding;

/// <summary>
/// Fills a tenant's directory (<see cref="EmulatorDirectory"/>) with the groups and assignment filters the demo
/// policies are assigned to. The baseline tenant gets the fixed ids the demo assignments use
/// (<see cref="DemoTenantSeeder.DemoGroups"/>, <see cref="DemoTenantSeeder.DemoFilters"/>); a customer tenant gets the
/// same names with ids of its own (derived from its tenant id, stable run after run), as two real tenants have.
/// </summary>
public static class DemoDirectorySeeder
{
    /// <summary>Display names of <see cref="DemoTenantSeeder.DemoFilters"/>, in that order.</summary>
    public static readonly IReadOnlyList<string> DemoFilterNames = ["Corporate Windows devices", "Kiosk hardware"];

    /// <summary>The demo's scope tags (besides the built-in Default).</summary>
    public static readonly IReadOnlyList<string> DemoScopeTagNames = ["Service Desk", "Regional IT"];

    /// <summary>Seeds the baseline directory: the demo groups and filters with the ids the demo policies refer to.</summary>
    public static void SeedBaseline(EmulatorTenant tenant) => Seed(tenant, customer: false);

    /// <summary>Seeds equally named groups, filters and scope tags with ids of this tenant's own.</summary>
    public static void SeedCustomer(EmulatorTenant tenant) => Seed(tenant, customer: true);

    /// <summary>The id a customer tenant's object of that name gets (baseline: the demo's fixed ids).</summary>
    public static Guid CustomerIdOf(Guid entraTenantId, string kind, string displayName) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{entraTenantId:D}/{kind}/{displayName}")).AsSpan(0, 16));

    private static void Seed(EmulatorTenant tenant, bool customer)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var directory = tenant.Directory();
        if (directory.ListGroups().Count > 0)
        {
            return;
        }

        foreach (var (name, id) in DemoTenantSeeder.DemoGroups)
        {
            directory.AddGroup(name, customer ? CustomerIdOf(tenant.EntraTenantId, "group", name) : id);
        }

        for (var i = 0; i < DemoTenantSeeder.DemoFilters.Count; i++)
        {
            var name = DemoFilterNames[i];
            directory.AddAssignmentFilter(name, id: customer ? CustomerIdOf(tenant.EntraTenantId, "filter", name) : DemoTenantSeeder.DemoFilters[i]);
        }

        // In another order in a customer tenant, so equally named tags have different ids there too.
        foreach (var name in customer ? DemoScopeTagNames.Reverse() : DemoScopeTagNames)
        {
            directory.AddScopeTag(name);
        }
    }
}
