using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Audit.GetAuditLogs;

public sealed class GetAuditLogsQueryValidator : AbstractValidator<GetAuditLogsQuery>
{
    public GetAuditLogsQueryValidator()
    {
        this.ValidKeysetPaging(q => q.Page, q => q.PageSize, q => q.Cursor);
        RuleFor(q => q.Action).MaximumLength(100);
        RuleFor(q => q.RunId).NotEqual(Guid.Empty).When(q => q.RunId is not null);
    }
}
