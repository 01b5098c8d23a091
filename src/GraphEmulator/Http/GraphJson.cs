using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>Writes response JSON straight to bytes, so stored trees are never cloned for a response.</summary>
internal static class GraphJson
{
    public const string ContentType =
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    // Graph does not escape quotes or non-ASCII in its payloads; neither do we.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
