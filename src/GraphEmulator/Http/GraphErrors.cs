using System.Globalization;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>Graph's error envelope: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.</summary>
internal static class GraphErrors
{
    public static GraphResult Create(int status, string code, string message, string requestId, string? clientRequestId, DateTimeOffset now)
    {
        var body = GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteStartObject("innerError");
            w.WriteString("date", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", clientRequestId ?? requestId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return new GraphResult(status, body, requestId);
    }

    public static string FormatSeconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
