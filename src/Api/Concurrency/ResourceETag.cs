using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TenantAtlas.Api.Concurrency;

/// <summary>
/// The entity tag of a resource: a strong tag over the JSON of its representation (the DTO the GET answers),
/// so any change of a field the client can see changes the tag, and no column has to be kept for it.
/// </summary>
public static class ResourceETag
{
    public static string For(object representation, HttpContext http)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(representation, representation.GetType(), json);
        var hash = SHA256.HashData(bytes);
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
    }

    /// <summary>
    /// Whether an If-Match (strong comparison) or If-None-Match (weak comparison) header matches the current tag;
    /// <paramref name="current"/> null means the resource does not exist, which matches nothing, not even <c>*</c>.
    /// </summary>
    public static bool Matches(StringValues header, string? current, bool strong)
    {
        if (current is null || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var tag = EntityTagHeaderValue.Parse(current);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: strong));
    }
}
