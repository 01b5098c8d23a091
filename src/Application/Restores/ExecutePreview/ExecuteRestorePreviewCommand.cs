using Mediator;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Restores.ExecutePreview;

/// <summary>Starts the live restore of a finished preview's scope (same backup set, items and includeAssignments). Owner only.</summary>
public sealed record ExecuteRestorePreviewCommand(Guid TenantId, Guid PreviewRunId) : ICommand<RunDto>;
