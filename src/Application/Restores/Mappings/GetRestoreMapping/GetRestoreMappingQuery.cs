using Mediator;

namespace TenantAtlas.Application.Restores.Mappings.GetRestoreMapping;

/// <summary>The mapping document of restores from <see cref="SourceTenantId"/> into <see cref="TenantId"/>; 404 until one is stored.</summary>
public sealed record GetRestoreMappingQuery(Guid TenantId, Guid SourceTenantId) : IQuery<RestoreMappingDto>;
