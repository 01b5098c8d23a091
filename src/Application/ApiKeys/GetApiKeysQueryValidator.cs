using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.ApiKeys;

public sealed class GetApiKeysQueryValidator : AbstractValidator<GetApiKeysQuery>
{
    public GetApiKeysQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
