using Mediator;
using TenantAtlas.Application.Schedules.Retention;

namespace TenantAtlas.Application.Schedules.GetRetention;

/// <summary>What retention keeps and deletes of a schedule's backup sets now, and why (each set with a reason code).</summary>
public sealed record GetScheduleRetentionQuery(Guid TenantId, Guid ScheduleId) : IQuery<IReadOnlyList<RetentionDecision>>;
