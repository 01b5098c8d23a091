using Mediator;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Application.Schedules.Update;

/// <summary>Changes the given fields (null: unchanged). Retention, when given, replaces both rules; policyTypes [] means every type.</summary>
public sealed record UpdateBackupScheduleCommand(
    Guid TenantId,
    Guid ScheduleId,
    string? Name,
    string? CronExpression,
    string? TimeZone,
    IReadOnlyList<string>? PolicyTypes,
    ScheduleMode? Mode,
    RetentionDto? Retention,
    bool? Enabled) : ICommand<BackupScheduleDto>;
