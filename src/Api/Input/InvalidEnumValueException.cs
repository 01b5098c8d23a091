using System.Text.Json;

namespace TenantAtlas.Api.Input;

/// <summary>An enum field held something other than one defined name; the 400 lists <see cref="AllowedValues"/>.</summary>
public sealed class InvalidEnumValueException(Type enumType)
    : JsonException($"The value is not one of: {string.Join(", ", Enum.GetNames(enumType))}.")
{
    public IReadOnlyList<string> AllowedValues { get; } = Enum.GetNames(enumType);

    /// <summary>The message a caller sees for the field.</summary>
    public string Describe() => $"Use exactly one of: {string.Join(", ", AllowedValues)}.";
}
