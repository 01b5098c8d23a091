using System.Security.Claims;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Api.Security;

public sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User;

    public Guid? UserId => Guid.TryParse(User?.FindFirstValue(ActorClaims.UserId), out var id) ? id : null;

    public Guid? ApiKeyId => Guid.TryParse(User?.FindFirstValue(ActorClaims.ApiKeyId), out var id) ? id : null;

    public bool IsMspAdmin => User?.Claims.Any(c => c.Type is "roles" or "role" or ClaimTypes.Role && c.Value == ActorClaims.MspAdminRole) == true;

    public string Display => UserId is { } u ? $"user:{u}" : ApiKeyId is { } k ? $"apikey:{k}" : "anonymous";
}
