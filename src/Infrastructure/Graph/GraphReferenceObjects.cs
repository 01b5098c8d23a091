using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Groups, assignment filters and scope tags over the Graph gateway (beta, raw JSON). Reads are GETs (a preview's
/// read-only guard lets them through); the only write is the create of a filter or scope tag.
/// </summary>
internal sealed class GraphReferenceObjects(GraphRequestSender sender) : IGraphReferenceReader, IGraphReferenceWriter
{
    public const string Groups = "groups";
    public const string AssignmentFilters = "deviceManagement/assignmentFilters";
    public const string RoleScopeTags = "deviceManagement/roleScopeTags";

    public async Task<IReadOnlyList<GraphReferenceObject>> FindGroupsByDisplayNameAsync(
        GraphTenant tenant, string displayName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var filter = $"displayName eq '{displayName.Replace("'", "''", StringComparison.Ordinal)}'";
        var found = await ListPagesAsync(tenant, sender.Resolve($"{Groups}?$filter={Uri.EscapeDataString(filter)}&$select=id,displayName"), cancellationToken);
        return found.Select(ToReference).OfType<GraphReferenceObject>().ToList();
    }

    public async Task<GraphReferenceObject?> GetGroupAsync(GraphTenant tenant, string groupId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        var response = await sender.SendAsync(tenant, HttpMethod.Get,
            sender.Resolve($"{Groups}/{Uri.EscapeDataString(groupId)}?$select=id,displayName"), null, cancellationToken, notFoundIsResult: true);
        return response.IsNotFound || response.Body is not JsonObject body ? null : ToReference(body);
    }

    public Task<IReadOnlyList<JsonObject>> ListAsync(GraphTenant tenant, ReferenceKind kind, CancellationToken cancellationToken) =>
        ListPagesAsync(tenant, sender.Resolve(CollectionOf(kind)), cancellationToken);

    public async Task<JsonObject> CreateAsync(GraphTenant tenant, ReferenceKind kind, JsonObject payload, CancellationToken cancellationToken)
    {
        // Not idempotent: only 429 is retried; the restore looks the object up by name before creating it again.
        var response = await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve(CollectionOf(kind)), payload, cancellationToken, retriableOnFailure: false);
        return response.Body as JsonObject ?? [];
    }

    public static string CollectionOf(ReferenceKind kind) => kind switch
    {
        ReferenceKind.AssignmentFilter => AssignmentFilters,
        ReferenceKind.ScopeTag => RoleScopeTags,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only assignment filters and scope tags are listed or created here."),
    };

    private static GraphReferenceObject? ToReference(JsonObject o) =>
        o["id"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrEmpty(id)
            ? new GraphReferenceObject(id, o["displayName"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null)
            : null;

    private async Task<IReadOnlyList<JsonObject>> ListPagesAsync(GraphTenant tenant, Uri first, CancellationToken cancellationToken)
    {
        var result = new List<JsonObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (Uri? next = first; next is not null;)
        {
            if (!seen.Add(next.AbsoluteUri))
            {
                throw new GraphException(new GraphError(GraphErrorCodes.Failed, "Graph returned a paging link that repeats.", null, null, null));
            }

            var page = (await sender.SendAsync(tenant, HttpMethod.Get, next, null, cancellationToken)).Body as JsonObject ?? [];
            result.AddRange((page["value"] as JsonArray ?? []).OfType<JsonObject>().Select(o => o.DeepClone().AsObject()));
            next = page["@odata.nextLink"] is JsonValue link && link.TryGetValue<string>(out var href) && !string.IsNullOrEmpty(href)
                ? new Uri(href, UriKind.Absolute)
                : null;
        }

        return result;
    }
}
