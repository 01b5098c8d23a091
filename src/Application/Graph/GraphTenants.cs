using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Graph;

/// <summary>Resolves which customer tenant a run talks to, from the Tenants table.</summary>
public static class GraphTenants
{
    public const string TenantNotFoundCode = "tenant.not_found";

    /// <summary>The tenant's Graph identity; a missing tenant is a run-level fault (the run ends Failed).</summary>
    public static async Task<GraphTenant> ResolveAsync(IAppDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking()
            .Where(t => t.Id == tenantId)
            .Select(t => new GraphTenant(t.Id, t.EntraTenantId, t.GraphProfile))
            .FirstOrDefaultAsync(cancellationToken);
        return tenant ?? throw new RunFaultException(TenantNotFoundCode, "The tenant of this run no longer exists.");
    }
}
