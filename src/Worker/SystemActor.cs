using TenantAtlas.Application.Security;

namespace TenantAtlas.Worker;

/// <summary>Work done by the worker on its own behalf (recovery) is attributed to "system".</summary>
public sealed class SystemActor : ICurrentActor
{
    public Guid? UserId => null;

    public Guid? ApiKeyId => null;

    public string Display => "system";

    public bool IsSystem => true;
}
