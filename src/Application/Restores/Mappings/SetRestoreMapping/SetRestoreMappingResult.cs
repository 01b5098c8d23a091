namespace TenantAtlas.Application.Restores.Mappings.SetRestoreMapping;

public sealed record SetRestoreMappingResult(RestoreMappingDto Mapping, bool Created);
