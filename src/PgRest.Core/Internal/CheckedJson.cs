using System;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PgRest.Internal;

/// <summary>
/// JSON options that refuse text which cannot travel intact. System.Text.Json writes a lone surrogate as U+FFFD
/// (no option turns that into an error), so the check has to see the UTF-16 text before it is written: a converter
/// for strings (values, dictionary keys, <c>object</c>-typed values) and for chars, and a type-info modifier for
/// property names (<c>[JsonPropertyName]</c>, naming policies). Keys of <c>[JsonExtensionData]</c> dictionaries
/// and <c>JsonNode</c> values built from .NET strings bypass converters and are not checked.
/// </summary>
internal static class CheckedJson
{
    /// <summary>The client's options with the checks added; <paramref name="refuseNul"/> refuses U+0000 too (for
    /// arguments sent in a URL, where PostgREST would cut the value there; in a body PostgreSQL refuses it with
    /// 22P05).</summary>
    public static JsonSerializerOptions Validating(
        JsonSerializerOptions json, bool refuseNul, params JsonConverter[] extraConverters)
    {
        var options = new JsonSerializerOptions(json);
        options.Converters.Add(new CheckedStringConverter(refuseNul));
        options.Converters.Add(new CheckedCharConverter(refuseNul));
        foreach (var converter in extraConverters)
        {
            options.Converters.Add(converter);
        }

        options.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(CheckPropertyNames);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void CheckPropertyNames(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            Check(property.Name, refuseNul: false);
        }
    }

    private static string Check(string value, bool refuseNul) =>
        Guard.UnsendableReason(value, refuseNul) is { } reason ? throw new UnsendableTextException(reason) : value;

    /// <summary>Thrown from inside the serializer; the body turns it into an <see cref="ArgumentException"/> naming
    /// its argument.</summary>
    internal sealed class UnsendableTextException(string message) : Exception(message);

    private sealed class CheckedStringConverter(bool refuseNul) : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Check(value, refuseNul));

        public override string ReadAsPropertyName(
            ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

        // The built-in converter applies DictionaryKeyPolicy here; so does this one.
        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Check(options.DictionaryKeyPolicy?.ConvertName(value) ?? value, refuseNul));
    }

    private sealed class CheckedCharConverter(bool refuseNul) : JsonConverter<char>
    {
        public override char Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { Length: 1 } s
                ? s[0]
                : throw new JsonException("Expected a string of one character.");

        public override void Write(Utf8JsonWriter writer, char value, JsonSerializerOptions options)
        {
            var text = MemoryMarshal.CreateReadOnlySpan(ref value, 1);
            if (Guard.UnsendableReason(text, refuseNul) is { } reason)
            {
                throw new UnsendableTextException(reason);
            }

            writer.WriteStringValue(text);
        }

        public override char ReadAsPropertyName(
            ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, char value, JsonSerializerOptions options)
        {
            var text = MemoryMarshal.CreateReadOnlySpan(ref value, 1);
            if (Guard.UnsendableReason(text, refuseNul) is { } reason)
            {
                throw new UnsendableTextException(reason);
            }

            writer.WritePropertyName(text);
        }
    }
}
