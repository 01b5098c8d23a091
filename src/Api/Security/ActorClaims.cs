namespace TenantAtlas.Api.Security;

/// <summary>Claims added by our authentication so the rest of the app does not re-read tokens.</summary>
public static class ActorClaims
{
    public const string UserId = "ta:user_id";
    public const string ApiKeyId = "ta:api_key_id";
    public const string ApiKeyTenantId = "ta:api_key_tenant_id";
    public const string MspAdminRole = "msp.admin";
}
