using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Members.GetMembers;

public sealed class GetTenantMembersQueryValidator : AbstractValidator<GetTenantMembersQuery>
{
    public GetTenantMembersQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
