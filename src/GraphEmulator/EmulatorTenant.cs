using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Http;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator;

/// <summary>
/// One emulated Entra tenant: its policies per collection and its faults. Collection paths are
/// Graph paths without version, e.g. <c>deviceManagement/deviceConfigurations</c>. Objects handed
/// out are copies; change stored objects through <see cref="Update"/>.
/// </summary>
public sealed class EmulatorTenant
{
    private readonly Dictionary<string, PolicyStore> _stores;
    private readonly Dictionary<string, List<JsonObject>> _parents = new(StringComparer.OrdinalIgnoreCase);

    internal EmulatorTenant(Guid entraTenantId, GraphEmulatorState state, int randomSeed)
    {
        var time = state.TimeProvider;
        EntraTenantId = entraTenantId;
        State = state;
        Time = time;
        Faults = new EmulatorFaults(randomSeed);
        Throttle = new ThrottleGate(time);
        IdentityThrottle = new ThrottleGate(time);
        _stores = PolicyCollectionDescriptor.StoreKeys.ToDictionary(k => k, _ => new PolicyStore(), StringComparer.OrdinalIgnoreCase);
    }

    public Guid EntraTenantId { get; }

    public EmulatorFaults Faults { get; }

    internal TimeProvider Time { get; }

    internal GraphEmulatorState State { get; }

    internal ThrottleGate Throttle { get; }

    /// <summary>The budget of Entra identity routes (identity/..., conditional access), apart from Intune's.</summary>
    internal ThrottleGate IdentityThrottle { get; }

    /// <summary>Like <see cref="WindowsOverBudget"/>, for the identity routes' budget.</summary>
    public int IdentityWindowsOverBudget => IdentityThrottle.WindowsOverBudget;

    /// <summary>
    /// The 20 s windows (tumbling from this tenant's first budgeted request; the throttle window when a test scales it)
    /// in which the tenant sent more requests or writes than its budget allows, i.e. got at least one 429 for it.
    /// </summary>
    public int WindowsOverBudget => Throttle.WindowsOverBudget;

    /// <summary>Forgets the budget windows and the count of windows over budget (a fresh measurement).</summary>
    public void ResetThrottle()
    {
        Throttle.Reset();
        IdentityThrottle.Reset();
    }

    /// <summary>Seeds one object as if a client had POSTed it (server props set; settings/scheduledActionsForRule split off).</summary>
    /// <param name="id">The object's id; a new one (as Graph gives it) when null.</param>
    public JsonObject Add(string collectionPath, JsonObject payload, JsonArray? assignments = null, string? id = null)
    {
        var d = Descriptor(collectionPath);
        var store = StoreFor(d);
        // A nested object (a DEP enrollment profile) goes under the tenant's first parent, made when it has none; its
        // stored id (what Find, Remove and Update take) is {parent id}/{own id}.
        var parentId = d.ParentCollection is { } parents ? FirstParent(parents) : null;
        var policy = PolicyPayload.Create(d, (JsonObject)payload.DeepClone(), Time.GetUtcNow(), fromClient: false, id, parentId);
        if (assignments is not null)
        {
            policy.Assignments = PolicyPayload.NormalizeAssignments(d, policy.Id, assignments);
            PolicyPayload.SetCounts(d, policy);
        }

        lock (store.Gate)
        {
            EmulatorSchema.LearnSeeded(d, payload);
            GraphRequestProcessor.AssignPriority(d, store, policy);
            store.Add(policy);
            return (JsonObject)policy.Body.DeepClone();
        }
    }

    public JsonObject? Find(string collectionPath, string id)
    {
        var d = Descriptor(collectionPath);
        var store = StoreFor(d);
        lock (store.Gate)
        {
            var policy = store.Get(id);
            return policy is null || !d.Admits(TypeOf(policy)) ? null : (JsonObject)policy.Body.DeepClone();
        }
    }

    public IReadOnlyList<JsonObject> List(string collectionPath)
    {
        var d = Descriptor(collectionPath);
        var store = StoreFor(d);
        lock (store.Gate)
        {
            return store.Items.Where(p => d.Admits(TypeOf(p))).Select(p => (JsonObject)p.Body.DeepClone()).ToList();
        }
    }

    public int Count(string collectionPath)
    {
        var d = Descriptor(collectionPath);
        var store = StoreFor(d);
        lock (store.Gate)
        {
            return d.TypeFilter is null ? store.Items.Count : store.Items.Count(p => d.Admits(TypeOf(p)));
        }
    }

    /// <summary>Assignments of a policy (empty array when it has none); throws when the policy does not exist.</summary>
    public JsonArray GetAssignments(string collectionPath, string id) =>
        Read(collectionPath, id, p => (JsonArray)p.Assignments.DeepClone());

    /// <summary>Settings catalog settings ({"id","settingInstance"} items).</summary>
    public JsonArray GetSettings(string collectionPath, string id) =>
        Read(collectionPath, id, p => (JsonArray?)p.Settings?.DeepClone() ?? []);

    /// <summary>Items of a child collection (e.g. localizedNotificationMessages) with their ids.</summary>
    public JsonArray GetChildren(string collectionPath, string id, string collection) =>
        Read(collectionPath, id, p => (JsonArray?)p.Children.GetValueOrDefault(collection)?.DeepClone() ?? []);

    /// <summary>Changes the items of a child collection in place (drift made in the portal, e.g. an intent's setting).</summary>
    public void UpdateChildren(string collectionPath, string id, string collection, Action<JsonArray> mutate) =>
        Read(collectionPath, id, p =>
        {
            mutate(p.Children[collection]);
            return 0;
        });

    /// <summary>Compliance scheduledActionsForRule with their scheduledActionConfigurations.</summary>
    public JsonArray GetScheduledActions(string collectionPath, string id) =>
        Read(collectionPath, id, p => (JsonArray?)p.ScheduledActions?.DeepClone() ?? []);

    public bool Remove(string collectionPath, string id)
    {
        var d = Descriptor(collectionPath);
        var store = StoreFor(d);
        lock (store.Gate)
        {
            return store.Remove(id);
        }
    }

    /// <summary>
    /// Changes a stored object in place, e.g. to simulate drift made in the portal. Does not bump
    /// lastModifiedDateTime unless <paramref name="touch"/> is true.
    /// </summary>
    public bool Update(string collectionPath, string id, Action<JsonObject> mutate, bool touch = false)
    {
        var d = Descriptor(collectionPath);
        var store = StoreFor(d);
        lock (store.Gate)
        {
            var policy = store.Get(id);
            if (policy is null)
            {
                return false;
            }

            mutate(policy.Body);
            if (touch)
            {
                PolicyPayload.Touch(d, policy, Time.GetUtcNow());
            }

            return true;
        }
    }

    /// <summary>Replaces the assignments of a policy as POST /assign would.</summary>
    public void SetAssignments(string collectionPath, string id, JsonArray assignments)
    {
        var d = Descriptor(collectionPath);
        Read(collectionPath, id, p =>
        {
            p.Assignments = PolicyPayload.NormalizeAssignments(d, p.Id, assignments);
            PolicyPayload.SetCounts(d, p);
            return 0;
        });
    }

    /// <summary>Removes every object of every collection (faults stay).</summary>
    public void Clear()
    {
        lock (_parents)
        {
            _parents.Clear();
        }

        foreach (var store in _stores.Values)
        {
            lock (store.Gate)
            {
                store.Clear();
            }
        }
    }

    internal PolicyStore StoreFor(PolicyCollectionDescriptor d) => _stores[d.StoreKey];

    /// <summary>Adds an Apple DEP token (a depOnboardingSetting, parent of DEP enrollment profiles); returns its id.</summary>
    public string AddDepOnboardingSetting(string tokenName, string? id = null) =>
        AddParent(PolicyCollectionDescriptor.DepEnrollmentProfiles.ParentCollection!, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.depOnboardingSetting",
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["tokenName"] = tokenName,
            ["appleIdentifier"] = "mdm@contoso.example",
            ["tokenType"] = "dep",
            ["roleScopeTagIds"] = new JsonArray("0"),
        });

    private string AddParent(string parentCollection, JsonObject parent)
    {
        lock (_parents)
        {
            if (!_parents.TryGetValue(parentCollection, out var list))
            {
                _parents[parentCollection] = list = [];
            }

            list.Add(parent);
        }

        return parent["id"]!.GetValue<string>();
    }

    /// <summary>The parent objects of a parent collection (copies), in creation order.</summary>
    public IReadOnlyList<JsonObject> Parents(string parentCollection)
    {
        lock (_parents)
        {
            return _parents.TryGetValue(parentCollection, out var list) ? [.. list.Select(p => p.DeepClone().AsObject())] : [];
        }
    }

    /// <summary>Removes a parent object and every nested object under it; false when there is none with that id.</summary>
    public bool RemoveParent(string parentCollection, string id)
    {
        lock (_parents)
        {
            if (!_parents.TryGetValue(parentCollection, out var list) || list.RemoveAll(p => string.Equals(p["id"]?.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase)) == 0)
            {
                return false;
            }
        }

        foreach (var d in PolicyCollectionDescriptor.All.Where(d => d.ParentCollection == parentCollection))
        {
            var store = StoreFor(d);
            lock (store.Gate)
            {
                foreach (var nested in store.Items.Where(p => p.Id.StartsWith(id + "/", StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    store.Remove(nested.Id);
                }
            }
        }

        return true;
    }

    private string FirstParent(string parentCollection)
    {
        lock (_parents)
        {
            if (_parents.TryGetValue(parentCollection, out var list) && list.Count > 0)
            {
                return list[0]["id"]!.GetValue<string>();
            }
        }

        return parentCollection == PolicyCollectionDescriptor.DepEnrollmentProfiles.ParentCollection
            ? AddDepOnboardingSetting("Emulated Apple token")
            : throw new InvalidOperationException($"No parent object kind is known for '{parentCollection}'.");
    }

    internal static string? TypeOf(StoredPolicy p) =>
        p.Body["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;

    private static PolicyCollectionDescriptor Descriptor(string collectionPath) =>
        PolicyCollectionDescriptor.Find(collectionPath)
        ?? throw new ArgumentException($"Unknown collection '{collectionPath}'.", nameof(collectionPath));

    private T Read<T>(string collectionPath, string id, Func<StoredPolicy, T> read)
    {
        var d = Descriptor(collectionPath);
        var store = StoreFor(d);
        lock (store.Gate)
        {
            var policy = store.Get(id);
            if (policy is null || !d.Admits(TypeOf(policy)))
            {
                throw new KeyNotFoundException($"No object '{id}' in '{collectionPath}'.");
            }

            return read(policy);
        }
    }
}
