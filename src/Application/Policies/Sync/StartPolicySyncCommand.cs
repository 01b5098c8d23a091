using Mediator;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Policies.Sync;

/// <summary>Starts (or reuses) the tenant's inventory sync run. No Graph call happens here.</summary>
public sealed record StartPolicySyncCommand(Guid TenantId) : ICommand<RunDto>;
