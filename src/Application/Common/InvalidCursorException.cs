namespace TenantAtlas.Application.Common;

/// <summary>A paging cursor that is malformed, altered, or belongs to another list or other filters (400 paging.invalid_cursor).</summary>
public sealed class InvalidCursorException(string message) : Exception(message)
{
    public const string Code = "paging.invalid_cursor";
}
