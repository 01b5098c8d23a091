using System.Security.Cryptography;
using System.Text;

namespace TenantAtlas.Application.ApiKeys;

/// <summary>API key secrets: 256 random bits, stored only as a SHA-256 hash.</summary>
public static class ApiKeySecrets
{
    public const string Prefix = "tak_";

    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string DisplayPrefix(string secret) => secret[..Math.Min(12, secret.Length)];
}
