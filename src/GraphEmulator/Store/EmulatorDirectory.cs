using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// The objects of one emulated tenant that policies refer to: Entra groups, Intune assignment filters and scope tags.
/// Ids are the tenant's own, so two tenants can hold equally named groups and filters with different ids (as real
/// tenants do). Objects handed out are copies. Get it with <see cref="EmulatorDirectoryExtensions.Directory"/>.
/// </summary>
public sealed class EmulatorDirectory
{
    public const string BuiltInScopeTagId = "0";

    private readonly Lock gate = new();
    private readonly List<JsonObject> groups = [];
    private readonly List<JsonObject> filters = [];
    private readonly List<JsonObject> scopeTags = [];
    private int nextScopeTagId = 1;

    internal EmulatorDirectory(TimeProvider time)
    {
        Time = time;
        scopeTags.Add(new JsonObject
        {
            ["id"] = BuiltInScopeTagId, ["displayName"] = "Default", ["description"] = "Built-in scope tag", ["isBuiltIn"] = true,
        });
    }

    internal TimeProvider Time { get; }

    internal Lock Gate => gate;

    internal List<JsonObject> Groups => groups;

    internal List<JsonObject> Filters => filters;

    internal List<JsonObject> ScopeTags => scopeTags;

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

    /// <summary>Adds an assignment filter; returns its id.</summary>
    public Guid AddAssignmentFilter(string displayName, string platform = "windows10AndLater", string rule = "(device.manufacturer -eq \"Contoso\")", Guid? id = null)
    {
        var filterId = id ?? Guid.NewGuid();
        lock (gate)
        {
            filters.Add(NewFilter(filterId, new JsonObject { ["displayName"] = displayName, ["platform"] = platform, ["rule"] = rule }));
        }

        return filterId;
    }

    /// <summary>Adds a scope tag; returns its id (numbers as strings, as Intune gives them).</summary>
    public string AddScopeTag(string displayName, string? description = null)
    {
        lock (gate)
        {
            return AddScopeTagLocked(new JsonObject { ["displayName"] = displayName, ["description"] = description })["id"]!.GetValue<string>();
        }
    }

    public IReadOnlyList<JsonObject> ListGroups()
    {
        lock (gate)
        {
            return groups.Select(g => g.DeepClone().AsObject()).ToList();
        }
    }

    public IReadOnlyList<JsonObject> ListAssignmentFilters()
    {
        lock (gate)
        {
            return filters.Select(g => g.DeepClone().AsObject()).ToList();
        }
    }

    public IReadOnlyList<JsonObject> ListScopeTags()
    {
        lock (gate)
        {
            return scopeTags.Select(g => g.DeepClone().AsObject()).ToList();
        }
    }

    internal JsonObject NewFilter(Guid id, JsonObject body)
    {
        var now = Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var filter = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deviceAndAppManagementAssignmentFilter",
            ["id"] = id.ToString(),
            ["createdDateTime"] = now,
            ["lastModifiedDateTime"] = now,
            ["displayName"] = body["displayName"]?.DeepClone(),
            ["description"] = body["description"]?.DeepClone() ?? "",
            ["platform"] = body["platform"]?.DeepClone(),
            ["rule"] = body["rule"]?.DeepClone(),
            ["roleScopeTags"] = body["roleScopeTags"]?.DeepClone() ?? new JsonArray(BuiltInScopeTagId),
            ["assignmentFilterManagementType"] = body["assignmentFilterManagementType"]?.DeepClone() ?? "devices",
            ["payloads"] = new JsonArray(),
        };
        return filter;
    }

    internal JsonObject AddScopeTagLocked(JsonObject body)
    {
        var tag = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.roleScopeTag",
            ["id"] = (nextScopeTagId++).ToString(CultureInfo.InvariantCulture),
            ["displayName"] = body["displayName"]?.DeepClone(),
            ["description"] = body["description"]?.DeepClone(),
            ["isBuiltIn"] = false,
        };
        scopeTags.Add(tag);
        return tag;
    }
}

/// <summary>The directory of an emulated tenant (created on first use).</summary>
public static class EmulatorDirectoryExtensions
{
    private static readonly ConditionalWeakTable<EmulatorTenant, EmulatorDirectory> Directories = new();

    public static EmulatorDirectory Directory(this EmulatorTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Directories.GetValue(tenant, t => new EmulatorDirectory(t.Time));
    }
}
