namespace TenantAtlas.Api.Idempotency;

public static class SecretResponseExtensions
{
    /// <summary>Marks <paramref name="names"/> of the response as secret: never stored, null in an idempotent replay.</summary>
    public static TBuilder WithSecretInResponse<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SecretResponseProperties(names));
}
