namespace TenantAtlas.Application.Graph;

/// <summary>Which optional Graph features (<see cref="GraphFeatures"/>) a tenant's Graph profile enables.</summary>
public interface IGraphFeatures
{
    bool IsEnabled(GraphTenant tenant, string feature);
}
