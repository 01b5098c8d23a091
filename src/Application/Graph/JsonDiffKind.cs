namespace TenantAtlas.Application.Graph;

public enum JsonDiffKind
{
    Added,
    Removed,
    Changed,
}
