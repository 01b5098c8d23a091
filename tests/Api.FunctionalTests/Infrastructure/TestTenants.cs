using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>Seeds tenants, users and memberships straight into the database.</summary>
public static class TestTenants
{
    public static async Task<Tenant> CreateAsync(ApiFactory factory, string name = "Contoso", Guid? entraTenantId = null)
    {
        var tenant = new Tenant
        {
            Id = Guid.NewGuid(), Name = name, EntraTenantId = entraTenantId ?? Guid.NewGuid(), CreatedAt = DateTimeOffset.UtcNow,
        };
        await factory.DbAsync(async db => { db.Tenants.Add(tenant); await db.SaveChangesAsync(); });
        return tenant;
    }

    /// <summary>Creates the user (by token subject) if needed and gives it the role in the tenant.</summary>
    public static async Task<User> AddMemberAsync(ApiFactory factory, Guid tenantId, string subject, TenantRole role)
    {
        return await factory.DbAsync(async db =>
        {
            var user = db.Users.FirstOrDefault(u => u.Subject == subject);
            if (user is null)
            {
                user = new User { Id = Guid.NewGuid(), Subject = subject, CreatedAt = DateTimeOffset.UtcNow };
                db.Users.Add(user);
            }

            db.TenantMemberships.Add(new TenantMembership { UserId = user.Id, TenantId = tenantId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return user;
        });
    }

    /// <summary>A user that signed in once (so it exists) without any membership.</summary>
    public static async Task<User> CreateUserAsync(ApiFactory factory, string subject) => await factory.DbAsync(async db =>
    {
        var user = new User { Id = Guid.NewGuid(), Subject = subject, DisplayName = subject, CreatedAt = DateTimeOffset.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    });
}
