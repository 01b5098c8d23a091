using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Concurrency;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Schedules;
using TenantAtlas.Application.Schedules.Create;
using TenantAtlas.Application.Schedules.Delete;
using TenantAtlas.Application.Schedules.GetRetention;
using TenantAtlas.Application.Schedules.GetSchedule;
using TenantAtlas.Application.Schedules.GetSchedules;
using TenantAtlas.Application.Schedules.Retention;
using TenantAtlas.Application.Schedules.Update;
using TenantAtlas.Domain.Schedules;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

/// <summary>Backup schedules: recurring backups and drift checks of a tenant, with retention (docs/schedules-and-drift.md).</summary>
public static class BackupSchedulesEndpoints
{
    public static void MapBackupSchedules(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/backup-schedules").WithTags("Backup schedules");
        group.MapPost("/", Create).RequireTenantRole(TenantRole.Operator)
            .WithSummary("Create a schedule: cron expression and time zone, policy types, mode (Backup, DriftCheck, BackupThenDrift) and retention. 400 with errorCodes (schedule.invalid_cron, schedule.unknown_time_zone, schedule.invalid_retention, ...).");
        group.MapGet("/", List).RequireTenantRole(TenantRole.Reader).WithSummary("Schedules of the tenant, by name.");
        group.MapGet("/{scheduleId}", Get).RequireTenantRole(TenantRole.Reader).WithETag()
            .WithSummary("One schedule with its next due time; answers an ETag (If-None-Match: 304).");
        group.MapPatch("/{scheduleId}", Update).RequireTenantRole(TenantRole.Operator).WithIfMatch(Current)
            .WithSummary("Change a schedule (fields left out stay); a changed time or re-enabling reschedules from now. If-Match (the ETag of GET) is honoured, 412 on mismatch.");
        group.MapDelete("/{scheduleId}", Delete).RequireTenantRole(TenantRole.Operator).WithIfMatch(Current)
            .WithSummary("Delete a schedule; its backup sets and runs stay. If-Match (the ETag of GET) is honoured, 412 on mismatch.");
        group.MapGet("/{scheduleId}/retention", Retention).RequireTenantRole(TenantRole.Reader)
            .WithSummary("What retention keeps and deletes of the schedule's backup sets now, each with its reason (e.g. retention.referenced_by_restore).");
    }

    private static GetBackupScheduleQuery Current(HttpContext http) => new(http.RouteGuid("tenantId"), http.RouteGuid("scheduleId"));

    private static async Task<Created<BackupScheduleDto>> Create(Guid tenantId, BackupScheduleRequest request, IMediator mediator, CancellationToken ct)
    {
        var schedule = await mediator.Send(new CreateBackupScheduleCommand(
            tenantId, request.Name, request.CronExpression, request.TimeZone, request.PolicyTypes, request.Mode ?? ScheduleMode.Backup,
            request.Retention, request.Enabled ?? true), ct);
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/backup-schedules/{schedule.Id}", schedule);
    }

    private static async Task<Ok<PagedResult<BackupScheduleDto>>> List(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetBackupSchedulesQuery(tenantId, page, pageSize), ct));

    private static async Task<Ok<BackupScheduleDto>> Get(Guid tenantId, Guid scheduleId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetBackupScheduleQuery(tenantId, scheduleId), ct));

    private static async Task<Ok<BackupScheduleDto>> Update(
        Guid tenantId, Guid scheduleId, BackupScheduleRequest request, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new UpdateBackupScheduleCommand(
            tenantId, scheduleId, request.Name, request.CronExpression, request.TimeZone, request.PolicyTypes, request.Mode,
            request.Retention, request.Enabled), ct));

    private static async Task<NoContent> Delete(Guid tenantId, Guid scheduleId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteBackupScheduleCommand(tenantId, scheduleId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RetentionDecision>>> Retention(Guid tenantId, Guid scheduleId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetScheduleRetentionQuery(tenantId, scheduleId), ct));
}

/// <summary>A schedule (POST: name, cronExpression and timeZone required; PATCH: only the fields to change).</summary>
/// <param name="Name">1 to 200 characters.</param>
/// <param name="CronExpression">Five fields (minute hour day-of-month month day-of-week) or six with seconds first, e.g. "0 2 * * *".</param>
/// <param name="TimeZone">IANA (Europe/Zurich) or Windows (W. Europe Standard Time) id the cron expression is read in.</param>
/// <param name="PolicyTypes">Policy types captured and compared; left out or empty: every supported type.</param>
/// <param name="Mode">Backup (default), DriftCheck, or BackupThenDrift (a backup plus a drift check against the previous backup).</param>
/// <param name="Retention">keepLast (newest N successful sets) and/or maxAgeDays; a set is deleted only when it fails every rule given. PATCH replaces both.</param>
/// <param name="Enabled">Default true.</param>
public sealed record BackupScheduleRequest(
    string? Name, string? CronExpression, string? TimeZone, IReadOnlyList<string>? PolicyTypes, ScheduleMode? Mode, RetentionDto? Retention, bool? Enabled);
