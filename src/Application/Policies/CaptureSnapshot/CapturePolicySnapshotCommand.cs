using Mediator;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Policies.CaptureSnapshot;

/// <summary>Starts (or reuses) the capture snapshot run of one policy. No Graph call happens here.</summary>
public sealed record CapturePolicySnapshotCommand(Guid TenantId, Guid PolicyId) : ICommand<RunDto>;
