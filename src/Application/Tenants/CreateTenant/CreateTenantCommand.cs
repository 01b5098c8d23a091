using Mediator;

namespace TenantAtlas.Application.Tenants.CreateTenant;

/// <summary>Onboards a customer tenant; the creating MSP administrator becomes its Owner.</summary>
public sealed record CreateTenantCommand(string Name, Guid EntraTenantId, string? GraphProfile) : ICommand<TenantDto>;
