using FluentValidation;
using TenantAtlas.Application.BackupSets;

namespace TenantAtlas.Application.Schedules;

/// <summary>Validation rules shared by creating and changing a schedule; each failure carries a stable error code.</summary>
public static class ScheduleRules
{
    public const int MaxNameLength = 200;
    public const int MaxRetentionDays = 3650;
    public const string InvalidCronCode = "schedule.invalid_cron";
    public const string CronNeverFiresCode = "schedule.cron_never_fires";
    public const string UnknownTimeZoneCode = "schedule.unknown_time_zone";
    public const string InvalidRetentionCode = "schedule.invalid_retention";
    public const string UnknownPolicyTypeCode = "schedule.unknown_policy_type";

    public static void Cron<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => ScheduleCron.TryParse(c) is not null).WithErrorCode(InvalidCronCode)
            .WithMessage("Not a valid cron expression: five fields (minute hour day-of-month month day-of-week) or six with seconds first, e.g. \"0 2 * * *\".");

    public static void TimeZone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(z => ScheduleCron.TryFindTimeZone(z) is not null).WithErrorCode(UnknownTimeZoneCode)
            .WithMessage("Unknown time zone: use an IANA id (Europe/Zurich) or a Windows id (W. Europe Standard Time).");

    public static void Retention<T>(this IRuleBuilder<T, RetentionDto?> rule) =>
        rule.Must(r => r is null || ((r.KeepLast is null || r.KeepLast >= 1) && (r.MaxAgeDays is null || r.MaxAgeDays is >= 1 and <= MaxRetentionDays)))
            .WithErrorCode(InvalidRetentionCode)
            .WithMessage($"Retention keeps at least one set: keepLast >= 1 and maxAgeDays between 1 and {MaxRetentionDays}; leave a rule out to not apply it.");

    public static void Types<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.KnownPolicyTypes().WithErrorCode(UnknownPolicyTypeCode);

    public static void Name<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || n.Trim().Length > 0).WithMessage("'Name' must not be blank.").MaximumLength(MaxNameLength);

    /// <summary>A cron expression that parses but never fires (e.g. 30 February) is refused when the schedule is saved.</summary>
    public static FluentValidation.Results.ValidationFailure NeverFires() =>
        new("CronExpression", "The cron expression never fires.") { ErrorCode = CronNeverFiresCode };
}
