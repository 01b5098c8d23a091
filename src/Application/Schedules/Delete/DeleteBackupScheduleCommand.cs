using Mediator;

namespace TenantAtlas.Application.Schedules.Delete;

/// <summary>Deletes a schedule and its slot history; the backup sets and runs it started stay.</summary>
public sealed record DeleteBackupScheduleCommand(Guid TenantId, Guid ScheduleId) : ICommand;
