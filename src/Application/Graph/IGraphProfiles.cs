namespace TenantAtlas.Application.Graph;

/// <summary>The Graph profiles (app registrations) this deployment has configured; a tenant may name only one of them.</summary>
public interface IGraphProfiles
{
    bool IsConfigured(string profile);
}
