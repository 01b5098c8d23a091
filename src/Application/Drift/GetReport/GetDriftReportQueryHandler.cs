using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Drift.GetReport;

public sealed class GetDriftReportQueryHandler(IAppDbContext db) : IQueryHandler<GetDriftReportQuery, DriftReportDto>
{
    public async ValueTask<DriftReportDto> Handle(GetDriftReportQuery query, CancellationToken cancellationToken)
    {
        var run = await db.Runs.OfType<BulkOperationRun>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == query.RunId && r.TenantId == query.TenantId && r.Operation == RunOperations.PolicyDriftCheck, cancellationToken)
            ?? throw new NotFoundException("Drift report", query.RunId);

        var stored = await db.DriftReports.AsNoTracking().FirstOrDefaultAsync(r => r.RunId == run.Id, cancellationToken);
        DriftSummaryDto summary;
        if (stored is not null)
        {
            summary = new DriftSummaryDto(stored.Unchanged, stored.Changed, stored.Added, stored.Deleted, stored.Failed);
        }
        else
        {
            var counts = await db.RunItems.AsNoTracking().Where(i => i.RunId == run.Id)
                .GroupBy(i => new { i.Status, i.Action }).Select(g => new { g.Key.Status, g.Key.Action, Count = g.Count() })
                .ToListAsync(cancellationToken);
            int Count(string action) => counts.Where(c => c.Status == RunItemStatus.Succeeded && c.Action == action).Sum(c => c.Count);
            summary = new DriftSummaryDto(Count(DriftActions.Unchanged), Count(DriftActions.Changed), Count(DriftActions.Added),
                Count(DriftActions.Deleted), counts.Where(c => c.Status == RunItemStatus.Failed).Sum(c => c.Count));
        }

        var items = db.RunItems.AsNoTracking().Where(i => i.RunId == run.Id);
        items = query.Action switch
        {
            null => items,
            "failed" => items.Where(i => i.Status == RunItemStatus.Failed),
            var action => items.Where(i => i.Status == RunItemStatus.Succeeded && i.Action == action),
        };
        var total = await items.CountAsync(cancellationToken);
        var page = await items.OrderBy(i => i.PolicyType).ThenBy(i => i.DisplayName).ThenBy(i => i.ItemKey)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        var dtos = page.Select(i => new DriftItemDto(
            i.ItemKey, i.PolicyType, i.GraphId, i.DisplayName,
            i.Status == RunItemStatus.Failed ? "failed" : i.Action ?? "",
            i.Diff is null ? null : JsonNode.Parse(i.Diff), i.ErrorCode, i.ErrorMessage)).ToList();
        return new DriftReportDto(run.Id, run.TenantId, run.TargetId, DriftCheckInput.FromJson(run.Input).PolicyTypes, run.Status,
            run.CreatedAt, run.FinishedAt, summary, PagedResult.Offset(dtos, query.Page, query.PageSize, total));
    }
}
