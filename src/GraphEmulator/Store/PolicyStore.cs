namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// The policies of one collection of one tenant, in creation order (paging is by position).
/// Every member must be used while holding <see cref="Gate"/>: JsonNode trees are not safe for
/// concurrent use, even for reads, because they materialise lazily.
/// </summary>
internal sealed class PolicyStore
{
    private readonly List<StoredPolicy> _order = [];
    private readonly Dictionary<string, StoredPolicy> _byId = new(StringComparer.OrdinalIgnoreCase);

    public object Gate { get; } = new();

    public IReadOnlyList<StoredPolicy> Items => _order;

    public StoredPolicy? Get(string id) => _byId.GetValueOrDefault(id);

    public void Add(StoredPolicy policy)
    {
        _byId.Add(policy.Id, policy);
        _order.Add(policy);
    }

    public bool Remove(string id)
    {
        if (!_byId.Remove(id, out var policy))
        {
            return false;
        }

        _order.Remove(policy);
        return true;
    }

    public void Clear()
    {
        _byId.Clear();
        _order.Clear();
    }
}
