using FluentValidation;

namespace TenantAtlas.Application.Common;

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxPage = 1_000_000;

    public static IRuleBuilderOptions<T, int> ValidPage<T>(this IRuleBuilder<T, int> rule) =>
        rule.GreaterThanOrEqualTo(1).LessThanOrEqualTo(MaxPage);

    public static IRuleBuilderOptions<T, int?> ValidPage<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(p => p is null or >= 1 and <= MaxPage).WithMessage($"'page' must be between 1 and {MaxPage}.");

    public static IRuleBuilderOptions<T, int> ValidPageSize<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPageSize);

    /// <summary>The rules of a keyset list's paging parameters: page or cursor (not both), and a page size.</summary>
    public static void ValidKeysetPaging<T>(this AbstractValidator<T> validator, Func<T, int?> page, Func<T, int> pageSize, Func<T, string?> cursor)
    {
        validator.RuleFor(q => page(q)).ValidPage().OverridePropertyName("page");
        validator.RuleFor(q => pageSize(q)).ValidPageSize().OverridePropertyName("pageSize");
        validator.RuleFor(q => cursor(q)).Null().When(q => page(q) is not null).OverridePropertyName("cursor")
            .WithMessage("Send either page or cursor, not both (the cursor carries its page).");
        validator.RuleFor(q => cursor(q)).NotEmpty().When(q => cursor(q) is not null).OverridePropertyName("cursor")
            .WithMessage("The cursor is empty; omit it for the first page.");
    }
}
