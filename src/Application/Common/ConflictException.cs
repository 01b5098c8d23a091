namespace TenantAtlas.Application.Common;

/// <summary>A request that conflicts with the current state; Code is the stable problem code.</summary>
public sealed class ConflictException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
