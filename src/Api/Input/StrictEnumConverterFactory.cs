using System.Text.Json;
using System.Text.Json.Serialization;

namespace TenantAtlas.Api.Input;

/// <summary>
/// Reads an enum only from a JSON string holding exactly one defined name (case-insensitive). Integers,
/// numeric strings, comma lists ("Reader, Operator" would otherwise parse flags-style into Owner) and
/// undefined values are refused with an <see cref="InvalidEnumValueException"/> that lists the allowed names.
/// Writes the name, as <see cref="JsonStringEnumConverter"/> does.
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (EnumNames.TryParse<TEnum>(text, out var value))
            {
                return value;
            }

            throw new InvalidEnumValueException(typeof(TEnum));
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
