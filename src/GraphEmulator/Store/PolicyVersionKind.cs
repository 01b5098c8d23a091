namespace TenantAtlas.GraphEmulator.Store;

/// <summary>The server-owned version property differs per type: an Int32 counter or an opaque string.</summary>
internal enum PolicyVersionKind
{
    None,
    Integer,
    ETagString,
}
