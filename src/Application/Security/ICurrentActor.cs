namespace TenantAtlas.Application.Security;

/// <summary>Who is calling: a signed-in user or an API key. Resolved by the host from the request.</summary>
public interface ICurrentActor
{
    Guid? UserId { get; }
    Guid? ApiKeyId { get; }
    /// <summary>"user:{id}", "apikey:{id}" or "system"; safe to store and show.</summary>
    string Display { get; }
    /// <summary>The service acting on its own behalf (recovery, schedules): no tenant role applies.</summary>
    bool IsSystem => false;
}
