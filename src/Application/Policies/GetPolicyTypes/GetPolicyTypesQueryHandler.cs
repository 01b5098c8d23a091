using Mediator;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Policies.GetPolicyTypes;

public sealed class GetPolicyTypesQueryHandler : IQueryHandler<GetPolicyTypesQuery, IReadOnlyList<PolicyTypeDto>>
{
    public ValueTask<IReadOnlyList<PolicyTypeDto>> Handle(GetPolicyTypesQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PolicyTypeDto>>([.. PolicyTypes.All.Select(ToDto)]);

    /// <summary>The capabilities of a type, derived from its registry entry only (the README coverage table uses the same).</summary>
    public static PolicyTypeDto ToDto(PolicyTypeDefinition type)
    {
        var references = new List<string>();
        if (type.HasAssignments)
        {
            references.Add("assignmentGroups");
            references.Add("assignmentFilters");
        }

        if (type.ScopeTagsProperty is not null)
        {
            references.Add("scopeTags");
        }

        // Named by the referenced type, or where that depends on the holder (policy set items) by the property path.
        references.AddRange(type.PayloadReferences.Select(r => r.Label ?? (!string.IsNullOrEmpty(r.Scope) ? r.Scope
            : r.ScopesOf is not null ? $"{r.ArrayProperty}.{r.IdProperty}" : r.Kind.ToString())).Distinct());
        var extra = type.ChildCollections.Select(c => c.Name)
            .Concat(type.Priority is { } p ? [p.Action] : [])
            .ToList();
        return new PolicyTypeDto(type.Name, type.CollectionPath, type.Category, type.RestoreTier, new PolicyTypeCapabilitiesDto(
            Capture: true, type.RestoreCreate, RestoreUpdate: true, type.HasAssignments, references.Count > 0, references, extra))
        {
            RequiresFeature = type.RequiresFeature,
        };
    }
}
