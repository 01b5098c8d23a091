using System.Text.Json;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Application.Schedules;

/// <summary>How many backup sets of a schedule are kept: a set is deleted only when it fails every rule given.</summary>
/// <param name="KeepLast">Keep the newest N sets of the schedule (at least 1).</param>
/// <param name="MaxAgeDays">Keep the sets younger than D days (at least 1).</param>
public sealed record RetentionDto(int? KeepLast, int? MaxAgeDays);

/// <summary>A backup schedule of a tenant.</summary>
public sealed record BackupScheduleDto(
    Guid Id,
    Guid TenantId,
    string Name,
    string CronExpression,
    string TimeZone,
    IReadOnlyList<string>? PolicyTypes,
    ScheduleMode Mode,
    RetentionDto Retention,
    bool Enabled,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastSlotAt,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static BackupScheduleDto From(BackupSchedule s) => new(
        s.Id, s.TenantId, s.Name, s.CronExpression, s.TimeZone, ReadTypes(s.PolicyTypes), s.Mode,
        new RetentionDto(s.RetentionKeepLast, s.RetentionMaxAgeDays), s.Enabled, s.NextRunAt, s.LastSlotAt,
        s.CreatedBy, s.CreatedAt, s.UpdatedAt);

    public static IReadOnlyList<string>? ReadTypes(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<List<string>>(json);

    public static string? WriteTypes(IReadOnlyList<string>? types) =>
        types is { Count: > 0 } ? JsonSerializer.Serialize(types.Select(t => Graph.PolicyTypes.Get(t).Name).Distinct().ToList()) : null;
}
