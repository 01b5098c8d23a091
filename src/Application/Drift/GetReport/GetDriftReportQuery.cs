using Mediator;

namespace TenantAtlas.Application.Drift.GetReport;

/// <summary>A drift check's report: its summary and a page of its per-policy results (optionally of one action).</summary>
public sealed record GetDriftReportQuery(Guid TenantId, Guid RunId, string? Action, int Page, int PageSize) : IQuery<DriftReportDto>;
