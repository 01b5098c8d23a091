namespace TenantAtlas.Application.UnitTests.Graph;

/// <summary>
/// Secrets planted in Graph error messages (and codes and ids), in the shapes that slip past a scrubber that
/// looks for known secrets: prose, URL encoding, names with spaces, header lines, curly quotes, keys split by
/// slashes, short PEM bodies, JSON, base64, connection strings, SAS URLs, multi-line text. Each row lists the
/// fragments that must not survive anywhere. Shared by the sanitizer unit tests and the functional test that
/// plants them through the Graph emulator.
/// </summary>
public static class PlantedSecrets
{
    public sealed record Planted(string Name, string Message, string[] Fragments, string Code = "Forbidden");

    public static IReadOnlyList<Planted> All { get; } =
    [
        new("prose password", "Authentication failed: the password is Pa55w0rdQz! for user admin", ["Pa55w0rdQz"]),
        new("prose client secret", "The client secret is Qx8Q~abcDEF123ghi and it expired", ["Qx8Q~abcDEF123ghi", "abcDEF123ghi"]),
        new("prose secret was", "the secret was kT9mZ2pL7vQ4, please rotate it", ["kT9mZ2pL7vQ4"]),
        new("prose word-like password", "Sign-in failed because the password is CorrectHorseBattery", ["CorrectHorseBattery"]),
        new("url-encoded client_secret", "Bad body grant_type=client_credentials&client_secret%3DZq1~secretVALUE77%26scope%3Dx", ["Zq1~secretVALUE77", "secretVALUE77"]),
        new("double url-encoded", "Rejected client_secret%253DWq2~doubleENC88", ["Wq2~doubleENC88", "doubleENC88"]),
        new("form body", "client_id=abc&client_secret=Vr3~formSECRET99&grant_type=client_credentials", ["Vr3~formSECRET99", "formSECRET99"]),
        new("name with a space", "Client Secret: Ys4 Spaced Secret Value", ["Ys4", "Spaced Secret Value"]),
        new("quoted value with spaces", "client_secret=\"Ut5 two words here\" is invalid", ["Ut5", "two words here"]),
        new("x-ms-token header", "Upstream said x-ms-token: Tk6aB3cD9eF1gH", ["Tk6aB3cD9eF1gH"]),
        new("api key header", "Header X-Api-Key: ak_live_9fJ2kL4mN6pQ rejected", ["ak_live_9fJ2kL4mN6pQ", "9fJ2kL4mN6pQ"]),
        new("curly double quotes", "Invalid value “Cq7~curlyDOUBLE” for the setting", ["Cq7~curlyDOUBLE", "curlyDOUBLE"]),
        new("curly single quotes", "Rejected ‘Cs8~curlySINGLE’ as a value", ["Cs8~curlySINGLE", "curlySINGLE"]),
        new("backticks", "value `Bt9~backTICK` refused", ["Bt9~backTICK", "backTICK"]),
        new("guillemets", "Wert «Gm1~guillemet» ungültig", ["Gm1~guillemet"]),
        new("slash-separated cloud key", "AWS key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY failed", ["wJalrXUtnFEMI", "K7MDENG", "bPxRfiCY"]),
        new("slash key with short pieces", "Storage rejected aB3d/Ef5h/Ij7l/Mn9p/Qr1t today", ["aB3d", "Ef5h", "Ij7l", "Mn9p", "Qr1t"]),
        new("short PEM body", "Bad key -----BEGIN PRIVATE KEY-----\nMIIBshort\n-----END PRIVATE KEY----- given", ["MIIBshort"]),
        new("PEM without end", "cert: -----BEGIN CERTIFICATE-----\nMIIC9xYzCert", ["MIIC9xYzCert"]),
        new("one-line RSA PEM", "-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEA7bq -----END RSA PRIVATE KEY-----", ["MIIEpAIBAAKCAQEA7bq"]),
        new("JSON inside the message", "Payload {\"clientSecret\":\"Js1~jsonSECRET\",\"name\":\"x\"} rejected", ["Js1~jsonSECRET", "jsonSECRET"]),
        new("nested JSON", "Body: {\"auth\":{\"password\":\"Jn2NestedPw\"}} was refused", ["Jn2NestedPw"]),
        new("JSON array", "values [\"Ja3~arraySECRET\"] invalid", ["Ja3~arraySECRET", "arraySECRET"]),
        new("escaped JSON string", "Input was {\\\"token\\\":\\\"Je4EscapedTok\\\"}", ["Je4EscapedTok"]),
        new("unclosed JSON", "Body {\"apiKey\":\"Ju5UnclosedKey", ["Ju5UnclosedKey"]),
        new("base64 of a secret", "Rejected c3VwZXJTZWNyZXRQYXNzd29yZDEyMw== as credential material", ["c3VwZXJTZWNyZXRQYXNzd29yZDEyMw"]),
        new("short base64", "auth aGVsbG8xMjM= failed", ["aGVsbG8xMjM"]),
        new("base64url", "blob dGhpc0lzQVNlY3JldA_-x unexpected", ["dGhpc0lzQVNlY3JldA"]),
        new("SQL connection string", "Server=tcp:db.example.net,1433;Database=prod;User ID=admin;Password=Cn1P@ssw0rd;Encrypt=True;", ["Cn1P@ssw0rd", "P@ssw0rd"]),
        new("storage connection string", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Sk2AbCdEfGh+IjKl/MnOp==;EndpointSuffix=core.windows.net", ["Sk2AbCdEfGh", "IjKl/MnOp"]),
        new("service bus connection string", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Sb3KeyValueXyZ=", ["Sb3KeyValueXyZ"]),
        new("database URL with user info", "Could not reach postgres://admin:Pg4SecretPw@db.host:5432/app", ["Pg4SecretPw"]),
        new("https user info", "Proxy https://user:Ui2UserInfoPw@proxy.local/x refused", ["Ui2UserInfoPw"]),
        new("SAS URL", "Download https://acct.blob.core.windows.net/c/b.json?sv=2022-11-02&ss=b&sp=r&se=2030-01-01&sig=Sa5AbC%2Bdef%2FGhi%3D failed", ["Sa5AbC", "def/Ghi", "Sa5AbC+def"]),
        new("SAS query without URL", "sig=Sg6XyZ123abc&se=2030-01-01&sp=r", ["Sg6XyZ123abc"]),
        new("bearer JWT", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.Ab7sigPart", ["eyJhbGciOiJIUzI1NiJ9", "Ab7sigPart", "eyJzdWIiOiIxIn0"]),
        new("lowercase bearer", "sent bearer Br8OpaqueToken42 upstream", ["Br8OpaqueToken42"]),
        new("raw JWT", "token eyJ0eXAiOiJKV1QifQ.eyJhIjoiYiJ9.Jw9sig rejected", ["eyJ0eXAiOiJKV1QifQ", "Jw9sig", "eyJhIjoiYiJ9"]),
        new("basic auth", "Authorization: Basic dXNlcjpCYTFCYXNpY1B3", ["dXNlcjpCYTFCYXNpY1B3"]),
        new("emulator bearer", "Bearer emulator:11111111-2222-3333-4444-555555555555 failed", ["emulator:1111"]),
        new("multi-line", "First line ok\npassword:\n  Ml1MultiLine\nmore text", ["Ml1MultiLine"]),
        new("multi-line CRLF", "Error\r\nclient_secret = Ml2CrLfSecret\r\nend", ["Ml2CrLfSecret"]),
        new("api_key in a URL query", "GET https://graph.example/v1?api_key=Qk3QueryKey&x=1 failed", ["Qk3QueryKey"]),
        new("access token in a fragment", "redirect to https://app/cb#access_token=Fr4FragmentTok", ["Fr4FragmentTok"]),
        new("key = value with spaces", "apikey = Kv5SpacedEq was refused", ["Kv5SpacedEq"]),
        new("key: value", "password: Kc6ColonPw", ["Kc6ColonPw"]),
        new("single quotes", "The value 'Sq7~singleQUOTE' is not valid", ["Sq7~singleQUOTE", "singleQUOTE"]),
        new("double quotes", "The value \"Dq8~doubleQUOTE\" is not valid", ["Dq8~doubleQUOTE", "doubleQUOTE"]),
        new("quoted word-like value", "The value 'Wq1WordLike' is not valid", ["Wq1WordLike"]),
        new("high-entropy token alone", "Unexpected Hx9kQ2mW7zR4tY8p in request", ["Hx9kQ2mW7zR4tY8p"]),
        new("hex key", "signing with 4f3c2a1b9e8d7c6b5a4f3e2d1c0b9a88 failed", ["4f3c2a1b9e8d7c6b"]),
        new("Entra client secret", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the value: Az1~8Q~abcdefghijklmnopqrstuvwx", ["Az1~8Q", "abcdefghijklmnopqrstuvwx"]),
        new("cookie", "Cookie: session=Ck3SessionValue; path=/", ["Ck3SessionValue"]),
        new("set-cookie", "Set-Cookie: .AspNetCore.Auth=Sc4AuthCookie", ["Sc4AuthCookie"]),
        new("private_key JSON pair", "\"private_key\": \"Pk5PrivKey\"", ["Pk5PrivKey"]),
        new("XML element", "<ClientSecret>Xm6XmlSecret</ClientSecret>", ["Xm6XmlSecret"]),
        new("HTML-escaped quotes", "value &quot;He1HtmlEsc&quot; invalid", ["He1HtmlEsc"]),
        new("unicode-escaped quotes", "value \\u0022Ju1Escaped\\u0022 invalid", ["Ju1Escaped"]),
        new("ssh key", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host", ["AAAAB3NzaC1yc2E"]),
        new("GitHub token", "ghp_Gh3TokenValueAbcdefghij1234567890 leaked", ["Gh3TokenValue", "Abcdefghij1234567890"]),
        new("secret in a stack trace", "failed\n   at Foo.Bar(String secret = St1StackSecret)", ["St1StackSecret"]),
        new("tab separated", "secret\tTb1TabSecret", ["Tb1TabSecret"]),
        new("pwd pair", "login pwd=Pw2ShortPw;", ["Pw2ShortPw"]),
        new("token is", "the refresh token is Rt3RefreshTok", ["Rt3RefreshTok"]),
        new("secret in the error code", "Access denied.", ["Zx8Q~codeSECRET"], Code: "Zx8Q~codeSECRET"),
        new("code-shaped secret in the code", "Access denied.", ["kQ9zX2mW7pL4"], Code: "kQ9zX2mW7pL4"),
        new("key=value in the code", "Access denied.", ["Cd1SecretCode"], Code: "password=Cd1SecretCode"),
        new("base64 in the code", "Access denied.", ["QUJDREVGR0hJSktMTU5PUFFS"], Code: "QUJDREVGR0hJSktMTU5PUFFS"),
    ];
}
