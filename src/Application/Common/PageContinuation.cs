namespace TenantAtlas.Application.Common;

/// <summary>The start of the next page: its number and, on keyset lists, the cursor that positions it.</summary>
public sealed record PageContinuation(int Page, string? Cursor);
