using System;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PgRest.Internal;

/// <summary>
/// The JSON options of insert, upsert and update bodies: a property whose value is null (C# null, F# <c>None</c>,
/// <see cref="Nullable{T}"/> without a value) or F# <c>ValueNone</c> is left out, so the column takes its DEFAULT on
/// insert and keeps its value on update; <see cref="DBNull.Value"/> is written as JSON <c>null</c> (an explicit
/// NULL), and so is a null property marked <c>[JsonIgnore(Condition = JsonIgnoreCondition.Never)]</c>. Function
/// arguments are not affected (a left-out argument would pick another overload or its default).
/// </summary>
internal static class WriteBodies
{
    /// <summary>A writable copy of <paramref name="json"/> for write bodies (a caller-chosen
    /// <see cref="JsonSerializerOptions.DefaultIgnoreCondition"/> other than <c>Never</c> is kept).</summary>
    public static JsonSerializerOptions Options(JsonSerializerOptions json)
    {
        var options = new JsonSerializerOptions(json);
        if (options.DefaultIgnoreCondition == JsonIgnoreCondition.Never)
        {
            options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        }

        options.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(OmitValueNone);
        return options;
    }

    /// <summary>F# <c>ValueNone</c> is a struct, which <c>WhenWritingNull</c> does not leave out: left out here too,
    /// unless the property has a <see cref="JsonIgnoreAttribute"/> of its own.</summary>
    private static void OmitValueNone(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Options.DefaultIgnoreCondition != JsonIgnoreCondition.WhenWritingNull)
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            var type = property.PropertyType;
            if (type.IsGenericType
                && type.GetGenericTypeDefinition().FullName == "Microsoft.FSharp.Core.FSharpValueOption`1"
                && property.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: true) is not true)
            {
                property.ShouldSerialize = static (_, value) => FSharpOptions.Unwrap(value) is not null;
            }
        }
    }
}

/// <summary>Writes <see cref="DBNull.Value"/> as JSON <c>null</c>: the explicit NULL of a write body.</summary>
internal sealed class DBNullConverter : JsonConverter<DBNull>
{
    public override DBNull Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? DBNull.Value : throw new JsonException("Expected null for DBNull.");

    public override void Write(Utf8JsonWriter writer, DBNull value, JsonSerializerOptions options) =>
        writer.WriteNullValue();
}
