namespace TenantAtlas.Api.Input;

/// <summary>The one rule for enum input: a single defined name, compared case-insensitively, nothing else.</summary>
public static class EnumNames
{
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = Enum.Parse<TEnum>(name);
                return true;
            }
        }

        value = default;
        return false;
    }

    public static bool IsDefinedName(Type enumType, string? text) =>
        Enum.GetNames(enumType).Any(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));
}
