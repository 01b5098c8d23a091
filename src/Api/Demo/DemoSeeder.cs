using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.Security;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Api.Demo;

/// <summary>Seeds the demo tenant and its Owner, then prints how to call the API with a development token.</summary>
public sealed partial class DemoSeeder(
    IServiceProvider services, DemoOptions options, DevelopmentTokens tokens, GraphEmulatorServer emulator,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.EntraTenantId == options.EntraTenantId, cancellationToken);
        if (tenant is null)
        {
            tenant = new Tenant { Id = Guid.CreateVersion7(now), Name = options.TenantName, EntraTenantId = options.EntraTenantId, CreatedAt = now };
            db.Tenants.Add(tenant);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Subject == options.UserSubject, cancellationToken);
        if (user is null)
        {
            user = new User { Id = Guid.CreateVersion7(now), Subject = options.UserSubject, DisplayName = "Demo administrator", IsMspAdmin = true, CreatedAt = now };
            db.Users.Add(user);
        }

        if (!await db.TenantMemberships.AnyAsync(m => m.TenantId == tenant.Id && m.UserId == user.Id, cancellationToken))
        {
            db.TenantMemberships.Add(new TenantMembership { TenantId = tenant.Id, UserId = user.Id, Role = TenantRole.Owner, CreatedAt = now });
        }

        // The customer a cross-tenant restore of the demo tenant's backups can go to (docs/cross-tenant-restore.md).
        var customer = await db.Tenants.FirstOrDefaultAsync(t => t.EntraTenantId == options.CustomerEntraTenantId, cancellationToken);
        if (customer is null)
        {
            customer = new Tenant { Id = Guid.CreateVersion7(now), Name = options.CustomerTenantName, EntraTenantId = options.CustomerEntraTenantId, CreatedAt = now };
            db.Tenants.Add(customer);
        }

        if (!await db.TenantMemberships.AnyAsync(m => m.TenantId == customer.Id && m.UserId == user.Id, cancellationToken))
        {
            db.TenantMemberships.Add(new TenantMembership { TenantId = customer.Id, UserId = user.Id, Role = TenantRole.Owner, CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        var tenantId = tenant.Id;
        var customerId = customer.Id;
        lifetime.ApplicationStarted.Register(() => Print(tenantId, customerId));
    }

    private void Print(Guid tenantId, Guid customerId)
    {
        if (!tokens.IsEnabled)
        {
            LogNoDevelopmentKey(logger);
            return;
        }

        var token = tokens.Create(options.UserSubject, "Demo administrator", mspAdmin: true);
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        // Printed to the console on purpose: it is a development-only token for a local demo.
        Console.WriteLine($"""

            ==== TenantAtlas demo ====
            Swagger UI:      {address}/swagger
            Console:         {address}/app/ (paste the token below to sign in)
            Demo tenant:     {options.TenantName}  id {tenantId}
            Demo customer:   {options.CustomerTenantName}  id {customerId} (empty; a cross-tenant restore target)
            Graph emulator:  {emulator.BaseAddress} (seeded with {options.PolicyCount} Intune policies)
            Development token (Owner of the demo tenant, MSP admin; valid 30 days):

            {token}

            Try:
              export TOKEN={token}
              curl -s -H "Authorization: Bearer $TOKEN" {address}/api/v1/tenants
            ==========================

            """);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo enabled but Auth:Development:SigningKey is not set: no development token can be printed (run in the Development environment)")]
    private static partial void LogNoDevelopmentKey(ILogger logger);
}
