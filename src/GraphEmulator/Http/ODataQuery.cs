using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>The OData query options the emulator understands: $top, $skiptoken, $filter (eq), $select, $expand.</summary>
internal sealed partial class ODataQuery
{
    private ODataQuery()
    {
    }

    public int? Top { get; private init; }

    public int Offset { get; private init; }

    public string? FilterProperty { get; private init; }

    public string? FilterValue { get; private init; }

    public string? RawFilter { get; private init; }

    public string? RawSelect { get; private init; }

    public string? RawExpand { get; private init; }

    public HashSet<string>? Select { get; private init; }

    public List<(string Name, string? Nested)> Expand { get; private init; } = [];

    public static ODataQuery Parse(string query)
    {
        var values = string.IsNullOrEmpty(query) ? new Dictionary<string, StringValues>() : QueryHelpers.ParseQuery(query);
        string? Get(string key) =>
            values.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase) ||
                                        string.Equals(kv.Key, key.TrimStart('$'), StringComparison.OrdinalIgnoreCase)).Value.FirstOrDefault();

        int? top = null;
        if (Get("$top") is { } topText)
        {
            if (!int.TryParse(topText, out var t) || t < 0)
            {
                throw new GraphRequestException(400, "BadRequest", $"Invalid value '{topText}' for $top query option.");
            }

            top = t;
        }

        var offset = 0;
        if (Get("$skiptoken") is { } token)
        {
            offset = DecodeSkipToken(token);
        }

        string? prop = null, val = null;
        var filter = Get("$filter");
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var match = EqFilter().Match(filter);
            if (!match.Success)
            {
                throw new GraphRequestException(400, "BadRequest", $"Invalid filter clause: unsupported expression '{filter}'.");
            }

            prop = match.Groups["prop"].Value;
            val = match.Groups["val"].Value.Replace("''", "'", StringComparison.Ordinal);
        }

        var select = Get("$select");
        var expand = Get("$expand");
        return new ODataQuery
        {
            Top = top,
            Offset = offset,
            FilterProperty = prop,
            FilterValue = val,
            RawFilter = filter,
            RawSelect = select,
            RawExpand = expand,
            Select = string.IsNullOrWhiteSpace(select)
                ? null
                : new HashSet<string>(select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase),
            Expand = ParseExpand(expand),
        };
    }

    public static string EncodeSkipToken(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"emu:{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int DecodeSkipToken(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            if (text.StartsWith("emu:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(4), out var offset) && offset >= 0)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Falls through to the Graph-like error below.
        }

        throw new GraphRequestException(400, "BadRequest", "The $skiptoken is invalid.");
    }

    private static List<(string Name, string? Nested)> ParseExpand(string? expand)
    {
        var result = new List<(string, string?)>();
        if (string.IsNullOrWhiteSpace(expand))
        {
            return result;
        }

        // Split on commas that are not inside parentheses: scheduledActionsForRule($expand=a),assignments.
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= expand.Length; i++)
        {
            if (i == expand.Length || (expand[i] == ',' && depth == 0))
            {
                var item = expand[start..i].Trim();
                if (item.Length > 0)
                {
                    var paren = item.IndexOf('(', StringComparison.Ordinal);
                    result.Add(paren < 0 ? (item, null) : (item[..paren].Trim(), item[(paren + 1)..].TrimEnd(')')));
                }

                start = i + 1;
            }
            else if (expand[i] == '(')
            {
                depth++;
            }
            else if (expand[i] == ')')
            {
                depth--;
            }
        }

        return result;
    }

    [GeneratedRegex(@"^\s*(?<prop>[A-Za-z_][A-Za-z0-9_]*)\s+eq\s+'(?<val>(?:[^']|'')*)'\s*$")]
    private static partial Regex EqFilter();
}
