using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// Collections Graph serves under each object of a parent collection (<see cref="PolicyCollectionDescriptor.ParentCollection"/>):
/// Apple DEP enrollment profiles at <c>deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles</c>.
/// <list type="bullet">
/// <item><c>GET {parents}</c> lists the parents (Apple tokens), <c>GET {parents}/{id}</c> reads one (404 for another id);
/// the parents are not written here (a token is uploaded in the portal).</item>
/// <item><c>GET/POST {parents}/{id}/{segment}</c> lists and creates the objects under that parent only, <c>GET/PATCH/DELETE
/// {parents}/{id}/{segment}/{objectId}</c> reads, updates and deletes one: with the rules of any other collection (read-only
/// properties, unknown properties, required concrete @odata.type). An object under another parent is 404.</item>
/// </list>
/// </summary>
internal static class NestedCollectionRoutes
{
    public static bool TryHandle(EmulatorTenant tenant, GraphCall call, string[] segments, string requestId, DateTimeOffset now, out GraphResult result)
    {
        result = null!;
        if (segments.Length < 2)
        {
            return false;
        }

        var parentCollection = $"{segments[0]}/{segments[1]}";
        var nested = PolicyCollectionDescriptor.All.Where(d => string.Equals(d.ParentCollection, parentCollection, StringComparison.OrdinalIgnoreCase)).ToList();
        if (nested.Count == 0)
        {
            return false;
        }

        result = Handle(tenant, call, segments, parentCollection, nested, requestId, now);
        return true;
    }

    private static GraphResult Handle(
        EmulatorTenant tenant, GraphCall call, string[] segments, string parentCollection, List<PolicyCollectionDescriptor> nested, string requestId, DateTimeOffset now)
    {
        var method = call.Method.ToUpperInvariant();
        if (segments.Length == 2)
        {
            return method == "GET"
                ? new GraphResult(200, GraphJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", $"{call.ServiceRoot}$metadata#{parentCollection}");
                    w.WriteStartArray("value");
                    foreach (var parent in tenant.Parents(parentCollection))
                    {
                        parent.WriteTo(w);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }), requestId)
                : throw GraphRequestProcessor.MethodNotAllowed(method);
        }

        var parentId = segments[2];
        var parentObject = tenant.Parents(parentCollection).FirstOrDefault(p => string.Equals(p["id"]?.GetValue<string>(), parentId, StringComparison.OrdinalIgnoreCase))
            ?? throw new GraphRequestException(404, "ResourceNotFound", $"Resource not found: no object with id '{parentId}' in '{parentCollection}'.");
        if (segments.Length == 3)
        {
            return method == "GET" ? new GraphResult(200, GraphJson.Write(w => parentObject.WriteTo(w)), requestId) : throw GraphRequestProcessor.MethodNotAllowed(method);
        }

        var d = nested.FirstOrDefault(n => string.Equals(n.NestedSegment, segments[3], StringComparison.OrdinalIgnoreCase))
            ?? throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[3]}'.");
        var store = tenant.StoreFor(d);
        var query = ODataQuery.Parse(call.Query);
        parentId = parentObject["id"]!.GetValue<string>();
        switch (segments.Length, method)
        {
            case (4, "GET"):
                return GraphRequestProcessor.List(tenant, d, store, call, query, requestId, parentId);
            case (4, "POST"):
                return GraphRequestProcessor.Create(d, store, call, query, requestId, now, parentId);
            case (4, _):
                throw GraphRequestProcessor.MethodNotAllowed(method);
        }

        var id = $"{parentId}/{segments[4]}";
        if (segments.Length == 5)
        {
            return method switch
            {
                "GET" => GraphRequestProcessor.Get(d, store, id, call, query, requestId),
                "PATCH" => GraphRequestProcessor.Update(d, store, id, call, now, requestId, replace: false),
                "DELETE" => GraphRequestProcessor.Delete(d, store, id, requestId),
                _ => throw GraphRequestProcessor.MethodNotAllowed(method),
            };
        }

        throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[5]}'.");
    }
}
