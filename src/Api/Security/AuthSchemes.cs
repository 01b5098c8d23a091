namespace TenantAtlas.Api.Security;

public static class AuthSchemes
{
    public const string Default = "BearerOrApiKey";
    public const string Bearer = "Bearer";
    public const string ApiKey = "ApiKey";
}
