using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PgRest.Internal;

/// <summary>Writes a <see cref="VariadicArgument"/> as the plain JSON array of its values (a POST body).</summary>
internal sealed class VariadicArgumentConverter : JsonConverter<VariadicArgument>
{
    /// <summary>The key of the one-member object a variadic argument becomes in the JSON the query-string renderer
    /// reads (see <c>ClientSettings</c>).</summary>
    public const string MarkerKey = "\u0000variadic";

    public override VariadicArgument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A VariadicArgument is only written, never read.");

    public override void Write(Utf8JsonWriter writer, VariadicArgument value, JsonSerializerOptions options) =>
        value.WriteArray(writer, options);
}
