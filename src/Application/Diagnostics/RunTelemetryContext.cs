using System.Diagnostics;

namespace TenantAtlas.Application.Diagnostics;

/// <summary>The run (and item) a piece of work belongs to, for tagging Graph spans and logs below the job.</summary>
public sealed record RunTelemetryContext(Guid RunId, Guid TenantId, string Operation, string? ItemKey, Activity? Activity);
