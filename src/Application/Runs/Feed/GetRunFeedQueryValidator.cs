using FluentValidation;

namespace TenantAtlas.Application.Runs.Feed;

public sealed class GetRunFeedQueryValidator : AbstractValidator<GetRunFeedQuery>
{
    public GetRunFeedQueryValidator()
    {
        RuleFor(q => q.AfterId).GreaterThanOrEqualTo(0).WithName("lastEventId").WithMessage("The last event id must be a non-negative integer.");
        RuleFor(q => q.MaxEvents).InclusiveBetween(1, GetRunFeedQuery.MaxMaxEvents);
    }
}
