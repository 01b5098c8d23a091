using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.BackupSets;

/// <summary>Input limits and the database check of selected policy ids (they must be policies of this tenant).</summary>
public static class BackupSetSelectionRules
{
    public const int MaxNameLength = 200;
    public const int MaxPolicyIds = 5000;

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> KnownPolicyTypes<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(types => types is null || types.All(t => PolicyTypes.Find(t) is not null))
            .WithMessage($"Unknown policy type; use any of: {string.Join(", ", PolicyTypes.All.Select(t => t.Name))}.");

    /// <summary>Rejects (400, naming them) ids that are not live policies of the tenant: unknown, or of another tenant.</summary>
    public static async Task EnsureKnownAsync(IAppDbContext db, Guid tenantId, IReadOnlyList<Guid> policyIds, CancellationToken cancellationToken)
    {
        var distinct = policyIds.Distinct().ToList();
        var known = new HashSet<Guid>();
        foreach (var chunk in distinct.Chunk(500))
        {
            var found = await db.Policies.AsNoTracking()
                .Where(p => p.TenantId == tenantId && chunk.Contains(p.Id))
                .Select(p => p.Id).ToListAsync(cancellationToken);
            known.UnionWith(found);
        }

        var unknown = distinct.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            var shown = string.Join(", ", unknown.Take(20));
            var more = unknown.Count > 20 ? $" and {unknown.Count - 20} more" : "";
            throw new ValidationException([
                new FluentValidation.Results.ValidationFailure("PolicyIds", $"Unknown policy ids for this tenant: {shown}{more}.")
                {
                    CustomState = unknown,
                },
            ]);
        }
    }
}
