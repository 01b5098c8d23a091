using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// Every Graph failure passes through here before it is logged, stored or shown. It keeps only what is
/// known to be safe: our code (from the HTTP status), Graph's error code when it has the shape of a code,
/// the status, request-id and client-request-id when they are GUIDs, the date when it is a timestamp, and a
/// short message from which everything that could carry a value is removed: quoted values, key=value and
/// header values, URL user info, query strings and fragments, JSON and bracketed groups, PEM blocks,
/// connection strings, bearer tokens, whatever follows a secret word ("the password is ..."), and every
/// word that does not look like a word (high-entropy tokens, base64, hex, keys split by slashes).
/// <see cref="Sanitize(string?, int)"/> is the one function for free text (messages, logs, audit metadata).
/// </summary>
public static partial class GraphErrorSanitizer
{
    public const int MaxMessageLength = 300;
    private const string Redacted = "[redacted]";

    // Internal markers while scrubbing: a removed value, and a known-safe span (GUID, timestamp) inside a word.
    private const char Gone = '\u0002';
    private const char SafeSpan = '\u0001';

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
    /// <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>, or anything else) and request-id header.
    /// </summary>
    public static GraphError FromResponse(int status, string? body, string? requestIdHeader = null)
    {
        string? graphCode = null;
        string? message = null;
        string? requestId = null;
        string? clientRequestId = null;
        string? date = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    TryGetPropertyIgnoreCase(doc.RootElement, "error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    graphCode = StringProperty(error, "code");
                    message = StringProperty(error, "message");
                    if (TryGetPropertyIgnoreCase(error, "innerError", out var inner) && inner.ValueKind == JsonValueKind.Object)
                    {
                        requestId = StringProperty(inner, "request-id") ?? StringProperty(inner, "requestId");
                        clientRequestId = StringProperty(inner, "client-request-id") ?? StringProperty(inner, "clientRequestId");
                        date = StringProperty(inner, "date");
                    }
                }
            }
            catch (JsonException)
            {
                // Not Graph's envelope (a proxy page, say): only the status is trustworthy.
            }
        }

        var safeMessage = Sanitize(message);
        return new GraphError(
            Code: CodeForStatus(status),
            Message: safeMessage.Length == 0 ? $"Graph answered HTTP {status}." : safeMessage,
            HttpStatus: status,
            GraphCode: SafeGraphCode(graphCode),
            RequestId: SafeGuid(requestId) ?? SafeGuid(requestIdHeader),
            ClientRequestId: SafeGuid(clientRequestId),
            Date: SafeDate(date));
    }

    /// <summary>Re-scrubs an error (for errors built elsewhere, and on every log, store and answer path).</summary>
    public static GraphError Sanitize(GraphError error) =>
        error with
        {
            Code = OurCodeRegex().IsMatch(error.Code) ? error.Code : GraphErrorCodes.Failed,
            Message = Sanitize(error.Message),
            GraphCode = SafeGraphCode(error.GraphCode),
            RequestId = SafeGuid(error.RequestId),
            ClientRequestId = SafeGuid(error.ClientRequestId),
        };

    /// <summary>
    /// Keeps the safe words of free text: cuts stack traces, removes every value-carrying shape, replaces any
    /// word that is not word-like with [redacted], collapses whitespace and truncates to <paramref name="maxLength"/>.
    /// </summary>
    public static string Sanitize(string? text, int maxLength = MaxMessageLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var s = text;
        var stack = StackTraceRegex().Match(s);
        if (stack.Success)
        {
            s = s[..stack.Index];
        }

        s = Decode(s);
        var gone = Gone.ToString();
        s = PemRegex().Replace(s, gone);
        s = ConnectionStringRegex().Replace(s, gone);
        s = UserInfoRegex().Replace(s, "${scheme}" + gone + "@");
        s = UrlQueryRegex().Replace(s, m => m.Groups["url"].Value + m.Groups["mark"].Value + gone);
        s = RemoveGroups(s);
        s = QuotedRegex().Replace(s, m => IsSafeQuotedValue(m.Groups["value"].Value) ? m.Value : m.Groups["open"].Value + gone + m.Groups["close"].Value);
        s = SchemeTokenRegex().Replace(s, m => m.Groups["scheme"].Value + " " + gone);
        s = SecretWordRegex().Replace(s, m => m.Groups["word"].Value + " " + gone);
        s = WeakSecretWordRegex().Replace(s, m => m.Groups["word"].Value + m.Groups["sep"].Value + gone);
        s = KeyValueRegex().Replace(s, m => m.Groups["key"].Value + "=" + gone);
        s = HeaderValueRegex().Replace(s, m => GuidRegex().IsMatch(m.Groups["value"].Value) && GuidRegex().Match(m.Groups["value"].Value).Length == m.Groups["value"].Length
            ? m.Value
            : m.Groups["key"].Value + ": " + gone);
        s = KeepWordLikeTokens(s);
        s = GoneRunRegex().Replace(s, gone);
        s = WhitespaceRegex().Replace(s, " ").Trim().Replace(gone, Redacted, StringComparison.Ordinal);

        if (maxLength > 0 && s.Length > maxLength)
        {
            s = s[..(maxLength - 1)].TrimEnd() + "…";
        }

        return s;
    }

    /// <summary>Graph's error code when it has the shape of one (Words_AndWords.separated, no value inside); else null.</summary>
    public static string? SafeGraphCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var trimmed = code.Trim();
        if (trimmed.Length > 64 || !GraphCodeRegex().IsMatch(trimmed))
        {
            return null;
        }

        return trimmed.Split('_', '.').All(IsWordLike) ? trimmed : null;
    }

    /// <summary>Request ids are GUIDs; anything else is dropped rather than stored.</summary>
    public static string? SafeGuid(string? value) =>
        Guid.TryParseExact(value?.Trim(), "D", out var guid) ? guid.ToString("D") : null;

    private static DateTimeOffset? SafeDate(string? value) =>
        value is not null && IsoDateRegex().Match(value.Trim()) is { Success: true } match && match.Length == value.Trim().Length
        && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;

    /// <summary>Undoes the encodings a value hides behind: percent-encoding (twice), HTML entities, JSON escapes.</summary>
    private static string Decode(string s)
    {
        for (var i = 0; i < 3 && s.Contains('%', StringComparison.Ordinal); i++)
        {
            var decoded = Uri.UnescapeDataString(s);
            if (decoded == s)
            {
                break;
            }

            s = decoded;
        }

        s = WebUtility.HtmlDecode(s);
        s = JsonEscapeRegex().Replace(s, m => m.Groups["hex"].Success
            ? ((char)int.Parse(m.Groups["hex"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()
            : m.Groups["ch"].Value);
        return s;
    }

    /// <summary>JSON objects, arrays and other bracketed groups hold values: each goes, innermost first; an unclosed one to the end of its line.</summary>
    private static string RemoveGroups(string s)
    {
        var gone = Gone.ToString();
        for (var i = 0; i < 16; i++)
        {
            var next = GroupRegex().Replace(s, gone);
            if (next == s)
            {
                break;
            }

            s = next;
        }

        return UnclosedGroupRegex().Replace(s, gone);
    }

    /// <summary>A quoted value stays only when it is a path or name of plain words and GUIDs without digits (a Graph resource path, a property name).</summary>
    private static bool IsSafeQuotedValue(string value)
    {
        var withoutGuids = GuidRegex().Replace(value, "/");
        if (withoutGuids.Length == 0 || withoutGuids.Any(c => char.IsWhiteSpace(c) || char.IsDigit(c)))
        {
            return false;
        }

        var pieces = withoutGuids.Split(['/', '.', '#', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
        return pieces.Length > 0 && pieces.All(IsWordLike);
    }

    private static string KeepWordLikeTokens(string s)
    {
        var builder = new StringBuilder(s.Length);
        foreach (var token in s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(IsSafeToken(token) ? token : Gone.ToString()).Append(' ');
        }

        return builder.ToString();
    }

    private static bool IsSafeToken(string token)
    {
        var safeSpan = SafeSpan.ToString();
        var marked = AadstsRegex().Replace(IsoDateRegex().Replace(GuidRegex().Replace(token, safeSpan), safeSpan), safeSpan);
        foreach (var piece in marked.Split(TokenSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (piece.All(c => c is Gone or SafeSpan))
            {
                continue;
            }

            if (piece.All(char.IsAsciiDigit) ? piece.Length > 5 : !IsWordLike(piece))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly char[] TokenSeparators =
        ['/', '.', '#', '_', '-', '=', ':', ',', ';', '(', ')', '!', '?', '\'', '"', '<', '>', '[', ']', '{', '}', '@', '+', '&', '…', '“', '”', '‘', '’'];

    /// <summary>
    /// A word as people and Graph write them: letters in camel-case humps of plausible length, at most one
    /// short number, no single-letter hump after the first, no long run of capitals, vowels in long humps.
    /// Random tokens, base64, hex and key fragments fail at least one of these.
    /// </summary>
    private static bool IsWordLike(string piece)
    {
        if (piece.Length is 0 or > 40 || !piece.All(char.IsLetterOrDigit))
        {
            return false;
        }

        var humps = HumpRegex().Matches(piece);
        if (humps.Sum(h => h.Length) != piece.Length || humps.Count > 8)
        {
            return false;
        }

        var digitHumps = 0;
        for (var i = 0; i < humps.Count; i++)
        {
            var hump = humps[i].Value;
            if (char.IsDigit(hump[0]))
            {
                if (++digitHumps > 1 || hump.Length > 3)
                {
                    return false;
                }

                continue;
            }

            if (hump.Length == 1 && i > 0 && humps.Count > 1)
            {
                return false;
            }

            if (hump.Length > 20 || (hump.All(char.IsUpper) && hump.Length > 5))
            {
                return false;
            }

            if (hump.Length >= 5 && !hump.Any(c => "aeiouyAEIOUY".Contains(c) || c > 127))
            {
                return false;
            }
        }

        return true;
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

    [GeneratedRegex(@"\\(?:u(?<hex>[0-9a-fA-F]{4})|(?<ch>[""'\\/]))", RegexOptions.CultureInvariant)]
    private static partial Regex JsonEscapeRegex();

    [GeneratedRegex(@"-----\s*BEGIN[^-\r\n]*-----[\s\S]*?(?:-----\s*END[^-\r\n]*-----|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PemRegex();

    [GeneratedRegex(@"(?:[A-Za-z][A-Za-z0-9 _.\-]{0,40}=[^;\r\n]*;\s*){2,}(?:[A-Za-z][A-Za-z0-9 _.\-]{0,40}=[^;\s]*)?", RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionStringRegex();

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoRegex();

    [GeneratedRegex(@"(?<url>(?:[a-zA-Z][a-zA-Z0-9+.\-]*://|/)[^\s?#]*)(?<mark>[?#])\S+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlQueryRegex();

    [GeneratedRegex(@"\{[^{}]*\}|\[[^\[\]]*\]|<[^<>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex GroupRegex();

    [GeneratedRegex(@"[{\[<][^\r\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex UnclosedGroupRegex();

    [GeneratedRegex(@"(?<![\p{L}\d])(?<open>[""'`“”‘’«»])(?<value>[^""'`“”‘’«»\r\n]*)(?<close>[""'`“”‘’«»]|$)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex QuotedRegex();

    [GeneratedRegex(@"(?i)\b(?<scheme>bearer|basic|negotiate|pop|apikey|sharedaccesssignature)\s+\S+", RegexOptions.CultureInvariant)]
    private static partial Regex SchemeTokenRegex();

    /// <summary>A secret word (also inside an identifier such as clientSecret) and the rest of its clause (the next line when the word ends its line).</summary>
    [GeneratedRegex(
        @"(?i)(?<word>\S*?(?:password|passwd|pwd|passphrase|secret|credential|apikey|api[_\- ]key|accountkey|accesskey|sharedaccesskey|privatekey|private[_\- ]key|signature|cookie|connectionstring|connection[_\- ]string|authorization\s*[:=]))[\s:=]*[^\r\n.;,]*(?:\.(?=\S)[^\r\n.;,]*)*",
        RegexOptions.CultureInvariant)]
    private static partial Regex SecretWordRegex();

    /// <summary>Words that only introduce a value when followed by a separator or "is": "token: x", "key is x", "sig=x".</summary>
    [GeneratedRegex(@"(?i)(?<word>\b[\w\-]*(?:token|key|sig|code|pin|otp)\b)(?<sep>\s*(?:[:=]|\bis\b|\bwas\b|\bequals\b)\s*)\S+", RegexOptions.CultureInvariant)]
    private static partial Regex WeakSecretWordRegex();

    [GeneratedRegex(@"(?<key>[\p{L}\d_.\-]+)\s*=\s*(?<value>[^\s&;,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueRegex();

    [GeneratedRegex(@"(?<key>\b[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)\s*:\s*(?<value>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderValueRegex();

    [GeneratedRegex(@"\u0002(?:[\s,;:=\-]*\u0002)+", RegexOptions.CultureInvariant)]
    private static partial Regex GoneRunRegex();

    [GeneratedRegex(@"\p{Lu}{2,}(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{Lo}+|\d+", RegexOptions.CultureInvariant)]
    private static partial Regex HumpRegex();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex GuidRegex();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+\-]\d{2}:?\d{2})?)?", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateRegex();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex GraphCodeRegex();

    /// <summary>Entra ID error numbers (AADSTS7000215) name the failure, not a value.</summary>
    [GeneratedRegex(@"AADSTS\d{4,8}", RegexOptions.CultureInvariant)]
    private static partial Regex AadstsRegex();

    [GeneratedRegex(@"^[a-z][a-z0-9]*(?:[._][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex OurCodeRegex();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRegex();
}
