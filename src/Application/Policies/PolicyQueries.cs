using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Policies;

namespace TenantAtlas.Application.Policies;

/// <summary>Tenant-scoped policy reads shared by the policy queries.</summary>
internal static class PolicyQueries
{
    public static IQueryable<PolicyDto> Project(IAppDbContext db, IQueryable<Policy> policies) =>
        policies.Select(p => new
            {
                Policy = p,
                Latest = db.PolicyVersions.Where(v => v.PolicyId == p.Id).OrderByDescending(v => v.VersionNumber)
                    .Select(v => new { v.VersionNumber, v.CapturedAt }).FirstOrDefault(),
            })
            .Select(x => new PolicyDto(
                x.Policy.Id, x.Policy.GraphId, x.Policy.PolicyType, x.Policy.DisplayName, x.Policy.Platform,
                x.Policy.LastSeenAt, x.Policy.DeletedInTenantAt,
                x.Latest == null ? null : x.Latest.VersionNumber,
                x.Latest == null ? null : x.Latest.CapturedAt));

    public static async Task<Policy> GetAsync(IAppDbContext db, Guid tenantId, Guid policyId, CancellationToken cancellationToken) =>
        await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == policyId && p.TenantId == tenantId, cancellationToken)
        ?? throw new NotFoundException("Policy", policyId);

    public static PolicyVersionDetailsDto Details(Policy policy, PolicyVersion v) => new(
        v.Id, v.PolicyId, policy.PolicyType, policy.DisplayName, v.VersionNumber, v.CapturedAt, v.CapturedByRunId, v.ContentHash,
        System.Text.Json.Nodes.JsonNode.Parse(v.Payload),
        System.Text.Json.Nodes.JsonNode.Parse(v.Assignments),
        v.ScopeTagIds is null ? null : System.Text.Json.Nodes.JsonNode.Parse(v.ScopeTagIds));
}
