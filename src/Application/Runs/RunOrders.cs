using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>The keyset orders of run lists: newest first in a tenant, oldest first across tenants (active runs).</summary>
public static class RunOrders
{
    public static readonly KeysetOrder<Run> NewestFirst = new("runs", r => r.CreatedAt, r => r.Id, descending: true);

    public static readonly KeysetOrder<RestoreRun> RestoresNewestFirst = new("restore-runs", r => r.CreatedAt, r => r.Id, descending: true);

    public static readonly KeysetOrder<Run> ActiveOldestFirst = new("runs.active", r => r.CreatedAt, r => r.Id, descending: false);
}
