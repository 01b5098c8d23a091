namespace TenantAtlas.Api.Endpoints;

public static class ApiPolicies
{
    public const string MspAdmin = "msp-admin";
}
