using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Notifications;

public sealed class GetNotificationsQueryValidator : AbstractValidator<GetNotificationsQuery>
{
    public GetNotificationsQueryValidator()
    {
        this.ValidKeysetPaging(q => q.Page, q => q.PageSize, q => q.Cursor);
    }
}
