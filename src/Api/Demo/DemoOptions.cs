namespace TenantAtlas.Api.Demo;

/// <summary>The embedded demo: a tenant on the in-process Graph emulator and a printed development token.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    public string TenantName { get; set; } = "Contoso (demo)";

    /// <summary>Fixed so the demo tenant keeps its id across restarts of the same database.</summary>
    public Guid EntraTenantId { get; set; } = Guid.Parse("6f1c1e3a-9d2b-4c5e-8a7f-0d1e2f3a4b5c");

    /// <summary>A second, empty customer tenant whose directory has the demo's group and filter names with its own ids (cross-tenant restore).</summary>
    public string CustomerTenantName { get; set; } = "Fabrikam (demo customer)";

    public Guid CustomerEntraTenantId { get; set; } = Guid.Parse("8e2d3f4a-1b2c-4d5e-9f60-718293a4b5c6");

    public string UserSubject { get; set; } = "demo-admin";

    public int PolicyCount { get; set; } = 64;

    /// <summary>Where the demo's Graph emulator listens; a separately run Worker points Graph:BaseUrl here.</summary>
    public string EmulatorUrl { get; set; } = "http://127.0.0.1:5081";
}
