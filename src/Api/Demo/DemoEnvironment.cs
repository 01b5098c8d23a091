using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.Demo;

/// <summary>
/// Starts the Graph emulator in this process before the host is built and points the Graph gateway
/// at it, so `dotnet run --project src/Api` needs nothing else. Only with Demo:Enabled and Graph:Auth=Emulator.
/// </summary>
public static class DemoEnvironment
{
    public static async Task AddDemoAsync(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (!options.Enabled)
        {
            return;
        }

        if (!string.Equals(builder.Configuration["Graph:Auth"], "Emulator", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Demo:Enabled requires Graph:Auth=Emulator: the demo never talks to real Graph.");
        }

        var emulator = await GraphEmulatorServer.StartAsync(options.EmulatorUrl);
        DemoTenantSeeder.SeedDemo(emulator.State.GetOrAddTenant(options.EntraTenantId), options.PolicyCount);
        if (builder.Configuration.GetValue("Graph:ConditionalAccess", false))
        {
            DemoTenantSeeder.SeedConditionalAccess(emulator.State.GetOrAddTenant(options.EntraTenantId));
        }
        DemoDirectorySeeder.SeedCustomer(emulator.State.GetOrAddTenant(options.CustomerEntraTenantId));
        builder.Configuration["Graph:BaseUrl"] = emulator.BaseAddress.ToString().TrimEnd('/');
        builder.Services.AddSingleton(emulator);
        builder.Services.AddSingleton(options);
    }

    /// <summary>Registered last so it starts after the database initializer has migrated.</summary>
    public static void AddDemoSeeding(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue($"{DemoOptions.Section}:Enabled", false))
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }
    }
}
