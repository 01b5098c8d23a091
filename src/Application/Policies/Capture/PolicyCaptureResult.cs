using TenantAtlas.Domain.Policies;

namespace TenantAtlas.Application.Policies.Capture;

/// <summary>The version a capture stored, or the latest version it reused because the content hash was unchanged.</summary>
public sealed record PolicyCaptureResult(PolicyVersion Version, bool Unchanged);
