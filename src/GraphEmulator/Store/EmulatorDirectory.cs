using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// The objects of one emulated tenant that policies refer to: Entra groups here, and (for seeding and tests) its Intune
/// assignment filters and scope tags, which live in the tenant's declared collections of those types.
/// Ids are the tenant's own, so two tenants can hold equally named groups and filters with different ids (as real
/// tenants do). Objects handed out are copies. Get it with <see cref="EmulatorDirectoryExtensions.Directory"/>.
/// </summary>
public sealed class EmulatorDirectory
{
    public const string BuiltInScopeTagId = "0";

    private readonly Lock gate = new();
    private readonly List<JsonObject> groups = [];
    private readonly EmulatorTenant tenant;

    internal EmulatorDirectory(EmulatorTenant tenant)
    {
        this.tenant = tenant;
        Time = tenant.Time;
    }

    internal TimeProvider Time { get; }

    internal Lock Gate => gate;

    internal List<JsonObject> Groups => groups;

    /// <summary>Adds a security group; returns its id.</summary>
    public Guid AddGroup(string displayName, Guid? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        var groupId = id ?? Guid.NewGuid();
        lock (gate)
        {
            groups.Add(new JsonObject
            {
                ["id"] = groupId.ToString(),
                ["displayName"] = displayName,
                ["description"] = null,
                ["mailEnabled"] = false,
                ["mailNickname"] = new string(displayName.Where(char.IsAsciiLetterOrDigit).ToArray()) is { Length: > 0 } nick ? nick : "group",
                ["securityEnabled"] = true,
                ["groupTypes"] = new JsonArray(),
                ["createdDateTime"] = Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            });
        }

        return groupId;
    }

    /// <summary>Adds an assignment filter to the tenant's deviceManagement/assignmentFilters collection; returns its id.</summary>
    public Guid AddAssignmentFilter(string displayName, string platform = "windows10AndLater", string rule = "(device.manufacturer -eq \"Contoso\")", Guid? id = null)
    {
        var filterId = id ?? Guid.NewGuid();
        tenant.Add(PolicyCollectionDescriptor.AssignmentFilters.Path, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deviceAndAppManagementAssignmentFilter",
            ["displayName"] = displayName, ["description"] = "", ["platform"] = platform, ["rule"] = rule,
            ["assignmentFilterManagementType"] = "devices",
        }, id: filterId.ToString());
        return filterId;
    }

    /// <summary>Adds a scope tag to the tenant's deviceManagement/roleScopeTags collection; returns its id (a number as a string, as Intune gives them).</summary>
    public string AddScopeTag(string displayName, string? description = null) =>
        tenant.Add(PolicyCollectionDescriptor.RoleScopeTags.Path, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.roleScopeTag", ["displayName"] = displayName, ["description"] = description,
        })["id"]!.GetValue<string>();

    public IReadOnlyList<JsonObject> ListGroups()
    {
        lock (gate)
        {
            return groups.Select(g => g.DeepClone().AsObject()).ToList();
        }
    }

    public IReadOnlyList<JsonObject> ListAssignmentFilters() => tenant.List(PolicyCollectionDescriptor.AssignmentFilters.Path);

    public IReadOnlyList<JsonObject> ListScopeTags() => tenant.List(PolicyCollectionDescriptor.RoleScopeTags.Path);
}

/// <summary>The directory of an emulated tenant (created on first use).</summary>
public static class EmulatorDirectoryExtensions
{
    private static readonly ConditionalWeakTable<EmulatorTenant, EmulatorDirectory> Directories = new();

    public static EmulatorDirectory Directory(this EmulatorTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Directories.GetValue(tenant, t => new EmulatorDirectory(t));
    }
}
