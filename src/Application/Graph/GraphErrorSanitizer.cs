using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// Every Graph failure passes through here before it is logged, stored or shown: it keeps our code,
/// Graph's error code, the HTTP status, a short message and the request-id, and scrubs bearer tokens,
/// JWTs, Authorization headers, client secrets, passwords, secrets in query strings, long base64 blobs
/// and stack traces. <see cref="Sanitize(string?, int)"/> is usable for any free text (audit metadata).
/// </summary>
public static partial class GraphErrorSanitizer
{
    public const int MaxMessageLength = 300;
    private const string Redacted = "[redacted]";

    /// <summary>Our error code for an HTTP status (status-based, never the body code).</summary>
    public static string CodeForStatus(int? status) => status switch
    {
        400 => GraphErrorCodes.BadRequest,
        401 => GraphErrorCodes.Unauthorized,
        403 => GraphErrorCodes.Forbidden,
        404 => GraphErrorCodes.NotFound,
        409 => GraphErrorCodes.Conflict,
        429 => GraphErrorCodes.Throttled,
        503 or 504 => GraphErrorCodes.Unavailable,
        _ => GraphErrorCodes.Failed,
    };

    /// <summary>
    /// Builds the safe error for a failed Graph response from its status, body (Graph's error envelope
    /// <c>{"error":{"code","message","innerError":{"request-id"}}}</c>, or anything else) and request-id header.
    /// </summary>
    public static GraphError FromResponse(int status, string? body, string? requestIdHeader = null)
    {
        string? graphCode = null;
        string? message = null;
        string? requestId = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    graphCode = StringProperty(error, "code");
                    message = StringProperty(error, "message");
                    if (TryGetPropertyIgnoreCase(error, "innerError", out var inner) && inner.ValueKind == JsonValueKind.Object)
                    {
                        requestId = StringProperty(inner, "request-id") ?? StringProperty(inner, "requestId");
                    }
                }
            }
            catch (JsonException)
            {
                // Not Graph's envelope (a proxy page, say): only the status is trustworthy.
            }
        }

        var code = CodeForStatus(status);
        var safeMessage = string.IsNullOrWhiteSpace(message)
            ? $"Graph answered HTTP {status}."
            : Sanitize(message);
        return new GraphError(code, safeMessage, status, SafeToken(graphCode), SafeToken(requestId ?? requestIdHeader));
    }

    /// <summary>Re-scrubs an error (for errors built elsewhere before they are stored).</summary>
    public static GraphError Sanitize(GraphError error) =>
        error with
        {
            Message = Sanitize(error.Message),
            GraphCode = SafeToken(error.GraphCode),
            RequestId = SafeToken(error.RequestId),
        };

    /// <summary>Scrubs secrets and stack traces from free text, collapses whitespace and truncates to <paramref name="maxLength"/>.</summary>
    public static string Sanitize(string? text, int maxLength = MaxMessageLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var s = text;
        var stack = StackTraceRegex().Match(s);
        if (stack.Success)
        {
            s = s[..stack.Index];
        }

        s = AuthorizationHeaderRegex().Replace(s, "Authorization: " + Redacted);
        s = SchemeTokenRegex().Replace(s, m => m.Groups["scheme"].Value + " " + Redacted);
        s = JwtRegex().Replace(s, Redacted);
        s = UserInfoRegex().Replace(s, "${scheme}" + Redacted + "@");
        s = JsonSecretRegex().Replace(s, m => m.Groups["key"].Value + "\"" + Redacted + "\"");
        s = KeyValueSecretRegex().Replace(s, m => m.Groups["key"].Value + m.Groups["sep"].Value + Redacted);
        s = BlobRegex().Replace(s, m => LooksLikeBlob(m.Value) ? Redacted : m.Value);
        s = WhitespaceRegex().Replace(s, " ").Trim();

        if (maxLength > 0 && s.Length > maxLength)
        {
            s = s[..(maxLength - 1)].TrimEnd() + "…";
        }

        return s;
    }

    private static bool LooksLikeBlob(string candidate)
    {
        // GUIDs (object ids, request ids) and URL paths made of words and GUIDs are not secrets.
        var withoutGuids = GuidRegex().Replace(candidate, "/");
        var pieces = withoutGuids.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var piece in pieces)
        {
            if (piece.Length >= 40)
            {
                return true;
            }

            if (piece.Length >= 32 && piece.Count(char.IsDigit) >= 4 && piece.Count(char.IsUpper) >= 2 && piece.Count(char.IsLower) >= 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Graph codes and request ids are short tokens; anything else is dropped rather than stored.</summary>
    private static string? SafeToken(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > 100 || !SafeTokenRegex().IsMatch(trimmed))
        {
            return null;
        }

        return trimmed;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        TryGetPropertyIgnoreCase(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryGetPropertyIgnoreCase(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    [GeneratedRegex(@"(\r?\n\s*at\s|\s+at\s+[\w.`<>\[\]]+\.[\w`<>\[\]]+\(|\s*---\s*End of)", RegexOptions.CultureInvariant)]
    private static partial Regex StackTraceRegex();

    [GeneratedRegex(@"(?i)\bauthorization\s*[:=]\s*(?:(?:bearer|basic|pop|apikey)\s+)?[^\s,;""']+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeaderRegex();

    [GeneratedRegex(@"(?i)\b(?<scheme>bearer|basic|apikey)\s+(?!\[redacted\])[A-Za-z0-9\-._~+/:=]+", RegexOptions.CultureInvariant)]
    private static partial Regex SchemeTokenRegex();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]{5,}(?:\.[A-Za-z0-9_\-]*){0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex JwtRegex();

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s:@]+:[^/\s@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoRegex();

    [GeneratedRegex(
        @"(?i)(?<![A-Za-z0-9_])(?:(?<key>client_secret|clientsecret|client_assertion|password|passwd|pwd|secret|sig|signature|code|token|access_token|refresh_token|id_token|api[_-]?key|key|sv|se|skoid|sktid)(?<sep>\s*=\s*)|(?<key>client_secret|clientsecret|client_assertion|password|passwd|pwd|secret|access_token|refresh_token|id_token|api[_-]?key)(?<sep>\s*:\s*))""?(?!\[redacted\])[^&\s""',;]+""?",
        RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueSecretRegex();

    [GeneratedRegex(
        @"(?i)(?<key>""(?:client_?secret|password|secret|token|access_token|refresh_token|id_token|api_?key|value)""\s*:\s*)""[^""]*""",
        RegexOptions.CultureInvariant)]
    private static partial Regex JsonSecretRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{32,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex BlobRegex();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex GuidRegex();

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeTokenRegex();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRegex();
}
