using Mediator;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Application.Schedules.Create;

public sealed record CreateBackupScheduleCommand(
    Guid TenantId,
    string? Name,
    string? CronExpression,
    string? TimeZone,
    IReadOnlyList<string>? PolicyTypes,
    ScheduleMode Mode,
    RetentionDto? Retention,
    bool Enabled) : ICommand<BackupScheduleDto>;
