using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.EndToEnd.Tests.Infrastructure;

public static class EndToEndTenants
{
    /// <summary>A tenant, its emulator tenant (same Entra id) and a member with the role.</summary>
    public static async Task<Tenant> CreateAsync(EndToEndEnvironment env, string memberSubject, TenantRole role, string name = "Contoso")
    {
        return await env.DbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var tenant = new Tenant { Id = Guid.NewGuid(), Name = name, EntraTenantId = Guid.NewGuid(), CreatedAt = now };
            var user = db.Users.FirstOrDefault(u => u.Subject == memberSubject) ?? new User { Id = Guid.NewGuid(), Subject = memberSubject, CreatedAt = now };
            if (db.Entry(user).State == Microsoft.EntityFrameworkCore.EntityState.Detached)
            {
                db.Users.Add(user);
            }

            db.Tenants.Add(tenant);
            db.TenantMemberships.Add(new TenantMembership { TenantId = tenant.Id, UserId = user.Id, Role = role, CreatedAt = now });
            await db.SaveChangesAsync();
            env.Emulator.State.GetOrAddTenant(tenant.EntraTenantId);
            return tenant;
        });
    }
}
